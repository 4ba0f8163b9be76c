/** Starting and stopping scripts/cluster.sh from tests and benches, and reading the settings it writes. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO_ROOT = resolve(import.meta.dirname, '../..');
const SCRIPT = join(REPO_ROOT, 'scripts/cluster.sh');

export interface ClusterEnv {
  dir: string;
  /** HAProxy */
  url: string;
  /** each app node, in order (node1…) */
  nodes: string[];
  directUrl: string;
  replicaUrl: string | undefined;
}

export async function clusterUp(dir: string, args: string[] = []): Promise<ClusterEnv> {
  await run(SCRIPT, ['up', '--dir', dir, ...args], { cwd: REPO_ROOT, timeout: 600_000 });
  const env = Object.fromEntries(
    readFileSync(join(dir, 'cluster.env'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^"|"$/g, '')]),
  ) as Record<string, string>;
  return { dir, url: env.URBIA_CLUSTER_URL!, nodes: env.NODE_PORTS!.split(' ').map((p) => `http://127.0.0.1:${p}`), directUrl: env.DATABASE_DIRECT_URL!, replicaUrl: env.DATABASE_REPLICA_URL || undefined };
}

export async function clusterDown(dir: string): Promise<void> {
  await run(SCRIPT, ['down', '--dir', dir], { cwd: REPO_ROOT, timeout: 120_000 });
}

/** The pid a part of the cluster wrote (node1, haproxy, pgbouncer, primary, replica). */
export function clusterPid(dir: string, part: string): number {
  return Number(readFileSync(join(dir, `${part}.pid`), 'utf8').split('\n')[0]!.trim());
}
