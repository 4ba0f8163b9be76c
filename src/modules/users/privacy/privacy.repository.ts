import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, Db } from '../../../core/db.js';
import type { Multiloc } from '../../../core/i18n.js';
import type { ConsentKind, NoticeKind } from './privacy.notices.js';
import './privacy.tables.js';
import '../users.tables.js';

type Q = Transaction<Database> | Kysely<Database>;
export type ConsentRow = Selectable<Database['users_consents']>;
export type ExportRow = Selectable<Database['users_exports']>;
export interface NoticeRow {
  kind: NoticeKind;
  version: string;
  body: Multiloc;
  published_at: Date;
  tenant_id: number | null;
}

export class PrivacyRepository {
  constructor(private readonly db: Db) {}

  /** The newest notice of each kind for a city: its own version when it published one, else the global one. */
  async currentNotices(tenantId: number | null, q: Q = this.db): Promise<NoticeRow[]> {
    const rows = await q
      .selectFrom('users_notices')
      .select(['kind', 'version', 'body', 'published_at', 'tenant_id'])
      .where((eb) => (tenantId === null ? eb('tenant_id', 'is', null) : eb.or([eb('tenant_id', 'is', null), eb('tenant_id', '=', tenantId)])))
      .orderBy('kind')
      .orderBy(sql`tenant_id is null`)
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const seen = new Set<string>();
    return rows.filter((r) => !seen.has(r.kind) && seen.add(r.kind)) as NoticeRow[];
  }

  insertNotice(trx: Q, n: { tenant_id: number | null; kind: NoticeKind; version: string; body: Multiloc }) {
    return trx.insertInto('users_notices').values({ ...n, body: JSON.stringify(n.body) }).execute();
  }

  async dpoEmail(tenantId: number, q: Q = this.db): Promise<string | undefined> {
    return (await q.selectFrom('users_privacy_contacts').select('dpo_email').where('tenant_id', '=', tenantId).executeTakeFirst())?.dpo_email;
  }

  setDpoEmail(trx: Q, tenantId: number, email: string) {
    return trx
      .insertInto('users_privacy_contacts')
      .values({ tenant_id: tenantId, dpo_email: email })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ dpo_email: email, updated_at: sql`now()` }))
      .execute();
  }

  // Consents

  /** The consents in force (not withdrawn), newest first. */
  activeConsents(userId: string, q: Q = this.db): Promise<ConsentRow[]> {
    return q.selectFrom('users_consents').selectAll().where('user_id', '=', userId).where('withdrawn_at', 'is', null).orderBy('granted_at', 'desc').orderBy('id', 'desc').execute();
  }

  /** Every consent ever given, with withdrawals: the person's record (and the controller's proof). */
  consentHistory(userId: string, q: Q = this.db): Promise<ConsentRow[]> {
    return q.selectFrom('users_consents').selectAll().where('user_id', '=', userId).orderBy('granted_at').orderBy('id').execute();
  }

  async grant(trx: Q, userId: string, items: { kind: ConsentKind; version: string | null }[], source: ConsentRow['source']): Promise<void> {
    if (items.length) await trx.insertInto('users_consents').values(items.map((i) => ({ user_id: userId, kind: i.kind, version: i.version, source }))).execute();
  }

  async withdraw(trx: Q, userId: string, kinds: ConsentKind[]): Promise<number> {
    if (!kinds.length) return 0;
    const r = await trx.updateTable('users_consents').set({ withdrawn_at: sql`now()` }).where('user_id', '=', userId).where('kind', 'in', kinds).where('withdrawn_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  // The person's own account data, for the export

  profile(trx: Q, userId: string) {
    return trx.selectFrom('users').select(['id', 'email', 'display_name', 'locale', 'email_verified_at', 'created_at']).where('id', '=', userId).executeTakeFirst();
  }

  roles(trx: Q, userId: string) {
    return trx
      .selectFrom('users_roles as r')
      .innerJoin('tenants as t', 't.id', 'r.tenant_id')
      .select(['t.slug as tenant', 'r.role', 'r.granted_at'])
      .where('r.user_id', '=', userId)
      .orderBy('t.slug')
      .orderBy('r.role')
      .execute();
  }

  /** Sessions without their secrets (id and CSRF token are left out). */
  sessions(trx: Q, userId: string) {
    return trx.selectFrom('users_sessions').select(['created_at', 'expires_at', 'user_agent', 'ip']).where('user_id', '=', userId).orderBy('created_at').execute();
  }

  /** What the person did as staff (the audit log rows where they are the actor). */
  auditActions(trx: Q, userId: string) {
    return trx
      .selectFrom('core_audit_log as a')
      .leftJoin('tenants as t', 't.id', 'a.tenant_id')
      .select(['a.created_at', 't.slug as tenant', 'a.action', 'a.entity_type', 'a.entity_id'])
      .where('a.actor_user_id', '=', userId)
      .orderBy('a.id')
      .limit(50_000)
      .execute();
  }

  // Exports

  /** Queues an export; the partial unique index refuses a second one while one is queued or running. */
  insertExport(trx: Q, userId: string): Promise<ExportRow> {
    return trx.insertInto('users_exports').values({ user_id: userId }).returningAll().executeTakeFirstOrThrow();
  }

  latestExport(userId: string): Promise<ExportRow | undefined> {
    return this.db.selectFrom('users_exports').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').limit(1).executeTakeFirst();
  }

  exportById(id: string, q: Q = this.db): Promise<ExportRow | undefined> {
    return q.selectFrom('users_exports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  exportByToken(token: string): Promise<ExportRow | undefined> {
    return this.db.selectFrom('users_exports').selectAll().where('token', '=', token).executeTakeFirst();
  }

  /** Claims a queued export (or one left running by a crashed process) for building. */
  async claimExport(trx: Q, id: string): Promise<ExportRow | undefined> {
    return trx.updateTable('users_exports').set({ status: 'running' }).where('id', '=', id).where('status', 'in', ['queued', 'running']).returningAll().executeTakeFirst();
  }

  finishExport(q: Q, id: string, done: { token: string; file_name: string; bytes: number; expires_at: Date }) {
    return q
      .updateTable('users_exports')
      .set({ ...done, status: 'ready', finished_at: sql`now()`, error: null })
      .where('id', '=', id)
      .execute();
  }

  failExport(q: Q, id: string, error: string) {
    return q.updateTable('users_exports').set({ status: 'failed', error: error.slice(0, 500), finished_at: sql`now()` }).where('id', '=', id).execute();
  }

  /** Marks ready exports past their expiry as expired and returns their files, to delete. */
  async expireExports(q: Q, userId?: string): Promise<string[]> {
    let due = q.selectFrom('users_exports').select(['id', 'file_name']).where('status', '=', 'ready').where('expires_at', '<=', sql<Date>`now()`);
    if (userId) due = due.where('user_id', '=', userId);
    const rows = await due.execute();
    if (!rows.length) return [];
    // The token stays, so that the old link answers 410 Gone rather than 404.
    await q
      .updateTable('users_exports')
      .set({ status: 'expired', file_name: null })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows.map((r) => r.file_name).filter((f): f is string => !!f);
  }

  /** On account deletion: every export of the person goes (their files with them). */
  async deleteExportsOf(q: Q, userId: string): Promise<string[]> {
    const rows = await q.deleteFrom('users_exports').where('user_id', '=', userId).returning('file_name').execute();
    return rows.map((r) => r.file_name).filter((f): f is string => !!f);
  }
}
