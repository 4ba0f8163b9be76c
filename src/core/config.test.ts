import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has safe defaults: port 3000, ./.urbia, embedded database', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir.endsWith('.urbia')).toBe(true);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.rateLimits).toBe(true);
  });

  it('names each bad variable', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', URBIA_RATE_LIMITS: 'maybe' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const vars = (e as ConfigError).problems.map((p) => p.variable).sort();
      expect(vars).toEqual(['DATABASE_URL', 'PORT', 'URBIA_RATE_LIMITS']);
      expect((e as Error).message).toContain('PORT');
    }
  });

  it('treats an empty variable as unset, and "none" turns map tiles off', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
    expect(loadConfig({ URBIA_TILE_URL: 'none' }).tileUrl).toBeNull();
    expect(() => loadConfig({ URBIA_TILE_URL: 'http://tiles.example/x.png' })).toThrow(/URBIA_TILE_URL/);
  });
});
