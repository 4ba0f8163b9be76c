/**
 * Reads that may be a moment stale go to a streaming replica (DATABASE_REPLICA_URL), chosen explicitly by the
 * repository with `readDb(this.db)` — never magically. The replica is used only when it is safe:
 *
 * - it answered the last poll (every POLL_MS) and is at most `maxLagMs` behind the primary, else the primary;
 * - read-your-writes: a request that changed something gets a cookie with the primary's WAL position after its
 *   commit (`urbia_rw`); the same person's later reads use the replica only once the replica has replayed that
 *   position, else the primary. So a person always sees their own write, on any node.
 *
 * Inside a transaction repositories use the transaction, never `readDb`, so a unit of work reads what it writes.
 * Without a replica `readDb(db)` is `db`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';
import type { Db } from './db.js';
import { currentWalLsn, replayedWalLsn } from './replica.repository.js';

export const RYW_COOKIE = 'urbia_rw';
const POLL_MS = 200;
/** how long the read-your-writes cookie lives: far longer than a healthy replica needs to catch up */
const RYW_SECONDS = 60;

/** A WAL position ('16/B374D848') as a bigint, for comparing. */
export function lsnValue(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}
const LSN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;

interface RequestReads {
  /** the WAL position this caller must see (from their cookie), if any */
  mustSee?: bigint;
}
const requests = new AsyncLocalStorage<RequestReads>();
const routers = new WeakMap<Db, ReplicaRouter>();

/** The handle for reads that may be a moment stale: the replica when it is fresh enough for this caller, else `db`. */
export function readDb(db: Db): Db {
  const router = routers.get(db);
  return router ? router.pick(requests.getStore()?.mustSee) : db;
}

/**
 * Whether this request's caller must see a write of their own (read-your-writes): an answer kept and shared by
 * every visitor may predate it, so such a caller is answered afresh.
 */
export function mustSeeOwnWrite(): boolean {
  const mustSee = requests.getStore()?.mustSee;
  // a rebuild on the primary (onPrimary) is not a caller's own write: it may use, and fill, what is kept
  return mustSee !== undefined && mustSee !== PRIMARY_ONLY;
}

/** no replica ever replays this far: reads in `onPrimary` go to the primary */
const PRIMARY_ONLY = 1n << 64n;

/**
 * Runs `fn` with every `readDb` on the primary. For values kept and shared after a change dropped them: rebuilt on
 * a replica that has not yet replayed that change, they would keep the old state for their whole lifetime.
 */
export function onPrimary<T>(fn: () => T): T {
  return requests.run({ mustSee: PRIMARY_ONLY }, fn);
}

export interface ReplicaStatus {
  configured: boolean;
  healthy: boolean;
  lagMs: number | null;
  lagBytes: number | null;
  replicaReads: number;
  primaryReads: number;
}

export class ReplicaRouter {
  private timer: NodeJS.Timeout | undefined;
  private replayed: bigint | null = null;
  private lastPollOk = 0;
  /** (time, primary position) samples of the last seconds, to turn the replica's position into a lag in time */
  private samples: { at: number; lsn: bigint }[] = [];
  private lagMs: number | null = null;
  private lagBytes: number | null = null;
  private replicaReads = 0;
  private primaryReads = 0;

  constructor(
    private readonly primary: Db,
    private readonly replica: Db,
    private readonly maxLagMs: number,
    private readonly warn: (msg: string) => void = () => undefined,
  ) {
    routers.set(primary, this);
  }

  start(): this {
    const tick = () => {
      void this.poll().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, POLL_MS).unref();
      });
    };
    this.timer = setTimeout(tick, 0).unref();
    return this;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    routers.delete(this.primary);
  }

  /** One poll: the primary's position, then the replica's; a failing replica is unhealthy until it answers again. */
  async poll(): Promise<void> {
    const now = Date.now();
    let primaryLsn: bigint;
    try {
      primaryLsn = lsnValue(await currentWalLsn(this.primary));
    } catch {
      return; // the primary is away: reads fail over with it, nothing to decide here
    }
    this.samples.push({ at: now, lsn: primaryLsn });
    while (this.samples.length > 1 && now - this.samples[0]!.at > Math.max(this.maxLagMs * 2, 2_000)) this.samples.shift();
    try {
      const lsn = await replayedWalLsn(this.replica);
      if (lsn === null) throw new Error('the replica is no longer a standby (promoted?)');
      const replayed = lsnValue(lsn);
      this.replayed = replayed;
      this.lastPollOk = Date.now();
      this.lagBytes = Math.max(0, Number(primaryLsn - replayed));
      // behind by the age of the oldest primary position the replica has not replayed yet
      const pending = this.samples.find((s) => s.lsn > replayed);
      this.lagMs = pending ? now - pending.at : 0;
    } catch (e) {
      if (this.lastPollOk && Date.now() - this.lastPollOk > POLL_MS * 5) this.warn(`replica unavailable, reading from the primary: ${(e as Error).message}`);
      this.replayed = null;
      this.lagMs = null;
      this.lagBytes = null;
    }
  }

  get healthy(): boolean {
    return this.replayed !== null && Date.now() - this.lastPollOk < POLL_MS * 10 && (this.lagMs ?? Infinity) <= this.maxLagMs;
  }

  pick(mustSee: bigint | undefined): Db {
    if (this.healthy && (mustSee === undefined || (this.replayed ?? 0n) >= mustSee)) {
      this.replicaReads += 1;
      return this.replica;
    }
    this.primaryReads += 1;
    return this.primary;
  }

  status(): ReplicaStatus {
    return { configured: true, healthy: this.healthy, lagMs: this.lagMs, lagBytes: this.lagBytes, replicaReads: this.replicaReads, primaryReads: this.primaryReads };
  }

  /**
   * The request hooks: each request runs with the WAL position its caller must see (from the cookie); a
   * successful write answers with the primary's position after its commit.
   */
  install(app: FastifyInstance): void {
    app.addHook('onRequest', (req, _reply, done) => {
      const raw = req.cookies?.[RYW_COOKIE];
      requests.run(raw && LSN.test(raw) ? { mustSee: lsnValue(raw) } : {}, done);
    });
    app.addHook('onSend', async (req, reply, payload) => {
      if (req.method === 'GET' || req.method === 'HEAD' || reply.statusCode >= 400) return payload;
      const lsn = await currentWalLsn(this.primary).catch(() => null);
      if (lsn) reply.setCookie(RYW_COOKIE, lsn, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: RYW_SECONDS });
      return payload;
    });
  }
}
