/**
 * Group commit for small requests: the rows of requests that arrive in the same turn of the event loop, or
 * while earlier groups are being written, go into one ingest statement, and each request is answered only
 * after that COMMIT, with its own counts. Up to `groupsInFlight` groups are written at once (default one: 2 or 4
 * groups at once measured slower on PostgreSQL on a 2-core machine, and PGlite serialises writes anyway). A request never shares a (datastream, time) key with a group that is open,
 * queued or being written: it waits for that group's COMMIT first, so a later request for the same reading
 * still wins. If a group's statement fails (e.g. a deadlock), each of its requests is retried alone, so one
 * request's failure is never another's.
 */
import type { IngestCounts, ObservationRow } from './ingest.repository.js';

/** One request waiting in a group commit: its rows (no duplicate keys) and how to answer it after COMMIT. */
interface GroupMember {
  rows: ObservationRow[];
  resolve(counts: IngestCounts): void;
  reject(err: unknown): void;
}
interface Group {
  members: GroupMember[];
  keys: Set<string>;
  size: number;
  /** settles after the group's COMMIT (or failure) */
  done: Promise<void>;
  finish(): void;
}

function newGroup(): Group {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return { members: [], keys: new Set(), size: 0, done, finish };
}

/** Rows sorted by (datastream, time) with one row per key (the last given wins). */
export function dedupeSorted(rows: ObservationRow[]): ObservationRow[] {
  const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => a.r.datastreamId - b.r.datastreamId || a.r.time - b.r.time || a.i - b.i);
  const out: ObservationRow[] = [];
  for (const { r } of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.datastreamId === r.datastreamId && prev.time === r.time) out[out.length - 1] = r;
    else out.push(r);
  }
  return out;
}

interface Options {
  groupsInFlight: number;
  /** a group is sealed before it would hold more rows than this */
  maxRows: number;
  /**
   * Writes sorted rows with the one ingest statement: a whole group with `perRow` (the counts say which row was
   * written), or one member's rows alone when its group failed.
   */
  write(rows: ObservationRow[], perRow: boolean): Promise<IngestCounts>;
}

export class GroupCommit {
  /** the group still taking requests, the groups sealed and waiting, and those being written */
  private openGroup: Group | null = null;
  private readonly queue: Group[] = [];
  private readonly writing = new Set<Group>();

  constructor(private readonly o: Options) {}

  async write(rows: ObservationRow[]): Promise<IngestCounts> {
    const keys = rows.map((r) => `${r.datastreamId}|${r.time}`);
    for (;;) {
      const pending = [...this.writing, ...this.queue, ...(this.openGroup ? [this.openGroup] : [])];
      const blocking = pending.filter((g) => keys.some((k) => g.keys.has(k)));
      if (blocking.length === 0) break;
      if (this.openGroup && blocking.includes(this.openGroup)) this.sealOpenGroup();
      await Promise.all(blocking.map((g) => g.done));
    }
    if (this.openGroup && this.openGroup.size + rows.length > this.o.maxRows) this.sealOpenGroup();
    if (!this.openGroup) {
      this.openGroup = newGroup();
      setImmediate(() => this.pump());
    }
    const g = this.openGroup;
    for (const k of keys) g.keys.add(k);
    g.size += rows.length;
    return new Promise<IngestCounts>((resolve, reject) => g.members.push({ rows, resolve, reject }));
  }

  private sealOpenGroup(): void {
    if (this.openGroup) this.queue.push(this.openGroup);
    this.openGroup = null;
    setImmediate(() => this.pump());
  }

  /** Starts writing queued groups, then the open one, while fewer than `groupsInFlight` are being written. */
  private pump(): void {
    while (this.writing.size < this.o.groupsInFlight) {
      const g = this.queue.shift() ?? this.openGroup;
      if (!g) return;
      if (g === this.openGroup) this.openGroup = null;
      this.writing.add(g);
      void this.flush(g).finally(() => {
        this.writing.delete(g);
        g.finish();
        this.pump();
      });
    }
  }

  private async flush(g: Group): Promise<void> {
    const tagged = g.members.flatMap((m, owner) => m.rows.map((row) => ({ row, owner })));
    tagged.sort((a, b) => a.row.datastreamId - b.row.datastreamId || a.row.time - b.row.time);
    try {
      // one statement: atomic and durable on its own, no BEGIN/COMMIT round trips
      const r = await this.o.write(tagged.map((x) => x.row), true);
      const counts = g.members.map(() => ({ inserted: 0, updated: 0 }));
      for (const [i, fresh] of r.written ?? []) {
        const c = counts[tagged[i]!.owner]!;
        if (fresh) c.inserted++;
        else c.updated++;
      }
      g.members.forEach((m, i) => m.resolve(counts[i]!));
    } catch (e) {
      if (g.members.length === 1) return g.members[0]!.reject(e);
      for (const m of g.members) await this.o.write(dedupeSorted(m.rows), false).then(m.resolve, m.reject);
    }
  }
}
