import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { lsnValue } from './replica.js';

describe('replica settings and WAL positions', () => {
  it('orders WAL positions across the 32-bit boundary', () => {
    expect(lsnValue('0/16B3748') < lsnValue('0/16B3749')).toBe(true);
    expect(lsnValue('0/FFFFFFFF') < lsnValue('1/0')).toBe(true);
    expect(lsnValue('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
  });

  it('reads DATABASE_DIRECT_URL (default DATABASE_URL) and DATABASE_REPLICA_URL, and names a bad one', () => {
    const plain = loadConfig({ DATABASE_URL: 'postgres://a@127.0.0.1:6432/urbia' });
    expect(plain.databaseDirectUrl).toBe('postgres://a@127.0.0.1:6432/urbia');
    expect(plain.databaseReplicaUrl).toBeUndefined();
    expect(plain.databaseReplicaMaxLagMs).toBe(5_000);
    const cluster = loadConfig({ DATABASE_URL: 'postgres://a@h:6432/u', DATABASE_DIRECT_URL: 'postgres://a@h:5432/u', DATABASE_REPLICA_URL: 'postgres://a@r:5432/u', DATABASE_REPLICA_MAX_LAG_MS: '250' });
    expect([cluster.databaseDirectUrl, cluster.databaseReplicaUrl, cluster.databaseReplicaMaxLagMs]).toEqual(['postgres://a@h:5432/u', 'postgres://a@r:5432/u', 250]);
    // on the embedded engine there is no server to replicate
    expect(loadConfig({ DATABASE_REPLICA_URL: 'postgres://a@r:5432/u' }).databaseReplicaUrl).toBeUndefined();
    try {
      loadConfig({ DATABASE_URL: 'postgres://a@h/u', DATABASE_REPLICA_URL: 'mysql://r/u' });
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).problems.map((p) => p.variable)).toEqual(['DATABASE_REPLICA_URL']);
    }
  });
});
