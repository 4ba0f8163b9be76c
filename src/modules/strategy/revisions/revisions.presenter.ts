/** A published revision → the API's wire format. */
export function presentRevision(r: { id: number; name: string; note: string | null; created_at: Date | string; author_name: string | null; counts: unknown }) {
  const c = r.counts as Record<string, number>;
  return {
    id: r.id,
    name: r.name,
    note: r.note,
    createdAt: new Date(r.created_at).toISOString(),
    author: r.author_name,
    counts: { pillars: Number(c.pillars ?? 0), objectives: Number(c.objectives ?? 0), projects: Number(c.projects ?? 0), kpis: Number(c.kpis ?? 0) },
  };
}
