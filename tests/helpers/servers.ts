/**
 * Real servers on loopback for tests, each a spawned process with its own temporary directory, stopped
 * (SIGTERM, then SIGKILL) by the returned `stop`:
 *
 * - an S3-compatible server (s3rver, an npm devDependency: Debian 12 ships no MinIO/Garage, and radosgw
 *   needs a whole Ceph cluster) with one bucket, answering @aws-sdk/client-s3 path-style requests;
 * - redis-server (Debian's package) without persistence.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  port: number;
  stop(): Promise<void>;
}

/** A free TCP port on loopback (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** Waits until something accepts connections on the port (or the process died, or `ms` passed). */
async function waitForPort(port: number, child: ChildProcess, output: () => string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before listening:\n${output()}`);
    const open = await new Promise<boolean>((ok) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => {
        c.destroy();
        ok(true);
      });
      c.once('error', () => ok(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`the server did not listen on ${port} within ${ms} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function start(cmd: string, args: (port: number, dir: string) => string[], prefix: string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const port = await freePort();
  const child = spawn(cmd, args(port, dir), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-4000)));
  child.stderr!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, () => out);
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, stop };
}

export const S3_TEST_BUCKET = 'urbia-test';

/** s3rver on loopback with the bucket S3_TEST_BUCKET; `env` is what the app needs to use it. */
export async function startS3Server(): Promise<RunningServer & { env: Record<string, string> }> {
  const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');
  const server = await start(process.execPath, (port, dir) => [bin, '--address', '127.0.0.1', '--port', String(port), '--directory', dir, '--configure-bucket', S3_TEST_BUCKET, '--silent'], 'urbia-s3-');
  return {
    ...server,
    env: {
      URBIA_STORAGE: 's3',
      S3_ENDPOINT: `http://127.0.0.1:${server.port}`,
      S3_BUCKET: S3_TEST_BUCKET,
      S3_REGION: 'us-east-1',
      // s3rver's built-in credentials
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
  };
}

/** redis-server on loopback, nothing saved to disk; `url` for REDIS_URL. */
export async function startRedisServer(): Promise<RunningServer & { url: string }> {
  const server = await start('redis-server', (port, dir) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], 'urbia-redis-');
  return { ...server, url: `redis://127.0.0.1:${server.port}` };
}
