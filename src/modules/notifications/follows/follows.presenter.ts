export function presentFollow(f: { tenant: string; kind: string; target: string; polygon: unknown; implicit: boolean; created_at: Date }) {
  return { tenant: f.tenant, kind: f.kind, id: f.target, polygon: (f.polygon ?? null) as never, implicit: f.implicit, createdAt: f.created_at.toISOString() };
}
