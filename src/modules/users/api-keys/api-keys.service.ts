/** A city's API keys for machines (sensor networks, Open311 clients): created, listed, checked, revoked. */
import { cacheChanged, onCacheChange } from '../../../core/cachebus.js';
import type { Actor, ApiKeyPurpose } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { TtlCache } from '../../../core/cache.js';
import type { Db } from '../../../core/db.js';
import { notFound } from '../../../core/errors.js';
import type { TenantRow } from '../../tenants/index.js';
import { newSecret, sha256 } from '../users.passwords.js';
import type { ApiKeyRow, UsersRepository } from '../users.repository.js';

/**
 * Verified API keys are remembered for a few seconds: a sensor network sends thousands of requests a
 * second with the same key, and each would otherwise cost a query. Revocation clears this process's cache
 * at once; other processes on the same server database notice within API_KEY_CACHE_MS.
 */
const API_KEY_CACHE_MS = 10_000;

export class ApiKeysService {
  private readonly cache = new TtlCache<string, ApiKeyRow | undefined>(10_000, API_KEY_CACHE_MS);

  constructor(private readonly d: { db: Db; repo: UsersRepository }) {
    // a key revoked through another app node stops working here at once, not when its cache entry expires
    onCacheChange('users.api_key', (hash) => (hash === '*' ? this.cache.clear() : this.cache.delete(hash)));
  }

  /** The key whose secret hashes to `hash`, or undefined when it is unknown or revoked. */
  async byHash(hash: string): Promise<ApiKeyRow | undefined> {
    const key = await this.cache.get(hash, () => this.d.repo.apiKeyByHash(hash));
    // Unknown keys are not kept: a typo fixed a second later must work, and guessing stays a query.
    if (!key) this.cache.delete(hash);
    return key;
  }

  async createApiKey(actor: Actor, tenant: TenantRow, input: { name: string; purpose: ApiKeyPurpose }) {
    const secret = `urbia_${newSecret(24)}`;
    const row = await this.d.db.transaction().execute(async (trx) => {
      const key = await this.d.repo.insertApiKey(trx, {
        tenant_id: tenant.id,
        purpose: input.purpose,
        name: input.name,
        prefix: secret.slice(0, 12),
        key_hash: sha256(secret),
        created_by: actor.kind === 'user' ? actor.user.id : null,
      });
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'users.api_key.created', entityType: 'api_key', entityId: key.id, after: { name: key.name, purpose: key.purpose, prefix: key.prefix } });
      return key;
    });
    return { key: row, secret };
  }

  apiKeys(tenant: TenantRow) {
    return this.d.repo.apiKeys(tenant.id);
  }

  /**
   * Checks an API key given in a request body (Open311's `api_key` form field) rather than a header:
   * the key for that purpose, or undefined when it is unknown, revoked or for another purpose.
   */
  async verifyApiKey(secret: string, purpose: ApiKeyPurpose): Promise<{ id: string; tenantId: number; purpose: ApiKeyPurpose } | undefined> {
    if (!secret) return undefined;
    const key = await this.byHash(sha256(secret.trim()));
    return key && key.purpose === purpose ? { id: key.id, tenantId: key.tenant_id, purpose: key.purpose } : undefined;
  }

  async revokeApiKey(actor: Actor, tenant: TenantRow, id: string): Promise<void> {
    await this.d.db.transaction().execute(async (trx) => {
      const key = await this.d.repo.revokeApiKey(trx, tenant.id, id);
      if (!key) throw notFound('API key');
      await cacheChanged(trx, 'users.api_key', key.key_hash);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'users.api_key.revoked', entityType: 'api_key', entityId: id, before: { name: key.name, purpose: key.purpose } });
    });
  }
}
