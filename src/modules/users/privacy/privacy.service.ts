/**
 * A person's own data (GDPR): consents to the terms, the privacy notice and optional processing; the data
 * export (a ZIP built by the outbox worker from every module's `personalData` hook); and the clean-up on
 * account deletion. The erasure itself is `UsersService.deleteAccount`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Db } from '../../../core/db.js';
import { AppError, conflict, isUniqueViolation, notFound, unauthorized } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import { type Locale, pick } from '../../../core/i18n.js';
import type { AnyUrbiaModule, ModuleContext, PersonalDataPart } from '../../module.js';
import type { TenantRow } from '../../tenants/index.js';
import { newSecret } from '../users.passwords.js';
import { NO_DPO, NOTICE_KINDS, type ConsentKind, type NoticeKind, OPTIONAL_CONSENTS, type OptionalConsent } from './privacy.notices.js';
import type { ExportRow, NoticeRow, PrivacyRepository } from './privacy.repository.js';

/** How long a finished export can be downloaded. */
export const EXPORT_TTL_MS = 24 * 3600_000;

export interface PrivacyServiceDeps {
  db: Db;
  repo: PrivacyRepository;
  dataDir: string;
  /** the modules whose `personalData` hooks make up the export, with their services */
  manifests: readonly AnyUrbiaModule[];
  services: Record<string, unknown>;
  /** handed to each module's hook */
  moduleContext: ModuleContext;
}

export interface ConsentState {
  notices: (NoticeRow & { text: string; accepted: boolean })[];
  /** the notices whose current version the person has not accepted (the web asks before anything else) */
  pending: NoticeKind[];
  optional: { kind: OptionalConsent; granted: boolean; grantedAt: Date | null }[];
  history: { kind: ConsentKind; version: string | null; source: string; grantedAt: Date; withdrawnAt: Date | null }[];
}

export class PrivacyService {
  constructor(private readonly deps: PrivacyServiceDeps) {}

  private get repo() {
    return this.deps.repo;
  }

  exportDir(): string {
    return join(this.deps.dataDir, 'exports');
  }

  /** The notices in force, for someone about to register (no answers). */
  async notices(locale: Locale, tenant?: TenantRow) {
    const notices = await this.repo.currentNotices(tenant?.id ?? null);
    const dpo = tenant ? await this.repo.dpoEmail(tenant.id) : undefined;
    return notices.map((n) => ({ ...n, text: pick(n.body, locale).replaceAll('{dpo}', dpo ?? pick(NO_DPO, locale)) }));
  }

  /** The notices in force for a city (or the global ones), each with the person's answer. */
  async consents(userId: string, locale: Locale, tenant?: TenantRow): Promise<ConsentState> {
    const history = await this.repo.consentHistory(userId);
    const active = history.filter((c) => !c.withdrawn_at);
    const withText = (await this.notices(locale, tenant)).map((n) => ({ ...n, accepted: active.some((c) => c.kind === n.kind && c.version === n.version) }));
    return {
      notices: withText,
      pending: withText.filter((n) => !n.accepted).map((n) => n.kind),
      optional: OPTIONAL_CONSENTS.map((kind) => {
        const c = active.find((a) => a.kind === kind);
        return { kind, granted: !!c, grantedAt: c?.granted_at ?? null };
      }),
      history: history.map((c) => ({ kind: c.kind, version: c.version, source: c.source, grantedAt: c.granted_at, withdrawnAt: c.withdrawn_at })),
    };
  }

  /**
   * Accepts notice versions (they must be the current ones: accepting an outdated text is refused, 409) and
   * grants or withdraws optional consents. Audited; withdrawing keeps the history.
   */
  async updateConsents(actor: Actor, input: { accept?: { kind: NoticeKind; version: string }[] | undefined; optional?: Partial<Record<OptionalConsent, boolean>> | undefined }, tenant?: TenantRow): Promise<void> {
    if (actor.kind !== 'user') throw unauthorized();
    const userId = actor.user.id;
    await this.deps.db.transaction().execute(async (trx) => {
      const current = await this.repo.currentNotices(tenant?.id ?? null, trx);
      const active = await this.repo.activeConsents(userId, trx);
      const accept: { kind: ConsentKind; version: string }[] = [];
      for (const [i, a] of (input.accept ?? []).entries()) {
        const n = current.find((c) => c.kind === a.kind);
        if (!n || n.version !== a.version)
          throw new AppError(409, 'notice_outdated', `The ${a.kind} version ${a.version} is not the current one; reload and read the current text.`, [{ field: `accept[${i}].version`, message: `current is ${n?.version ?? '(none)'}` }]);
        if (!active.some((c) => c.kind === a.kind && c.version === a.version)) accept.push(a);
      }
      const grant: OptionalConsent[] = [];
      const withdraw: OptionalConsent[] = [];
      for (const [kind, on] of Object.entries(input.optional ?? {}) as [OptionalConsent, boolean][]) {
        const has = active.some((c) => c.kind === kind);
        if (on && !has) grant.push(kind);
        if (!on && has) withdraw.push(kind);
      }
      if (!accept.length && !grant.length && !withdraw.length) return;
      // An older version of an accepted notice is withdrawn by the new one.
      await this.repo.withdraw(trx, userId, [...new Set(accept.map((a) => a.kind)), ...withdraw]);
      await this.repo.grant(trx, userId, [...accept, ...grant.map((kind) => ({ kind, version: null }))], 'account');
      await writeAudit(trx, actor, { tenantId: tenant?.id ?? null, action: 'users.consents.changed', entityType: 'user', entityId: userId, after: { accepted: accept, granted: grant, withdrawn: withdraw } });
    });
  }

  /** Publishes a new version of a notice (for every city, or one); everyone is asked to accept it again. */
  async publishNotice(actor: Actor, input: { kind: NoticeKind; version: string; body: Parameters<PrivacyRepository['insertNotice']>[1]['body']; tenant?: TenantRow | undefined }): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      try {
        await this.repo.insertNotice(trx, { tenant_id: input.tenant?.id ?? null, kind: input.kind, version: input.version, body: input.body });
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict(`Version ${input.version} of the ${input.kind} already exists.`, 'version_taken');
        throw e;
      }
      await writeAudit(trx, actor, { tenantId: input.tenant?.id ?? null, action: 'users.notice.published', entityType: 'notice', entityId: `${input.kind}:${input.version}`, after: { kind: input.kind, version: input.version } });
    });
  }

  async setDpoEmail(actor: Actor, tenant: TenantRow, email: string): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await this.repo.setDpoEmail(trx, tenant.id, email);
      await writeAudit(trx, actor, { tenantId: tenant.id, action: 'users.dpo.changed', entityType: 'tenant', entityId: String(tenant.id), after: { dpoEmail: email } });
    });
  }

  dpoEmail(tenant: TenantRow) {
    return this.repo.dpoEmail(tenant.id);
  }

  // Export

  /** Queues an export of the person's data (202); a second one while one is queued or running is a 409. */
  async requestExport(actor: Actor): Promise<ExportRow> {
    if (actor.kind !== 'user') throw unauthorized();
    const userId = actor.user.id;
    await this.sweepExpired(userId);
    try {
      return await this.deps.db.transaction().execute(async (trx) => {
        const row = await this.repo.insertExport(trx, userId);
        await emit(trx, 'users.export.requested', { exportId: row.id, userId });
        return row;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('An export of your data is already being prepared.', 'export_pending');
      throw e;
    }
  }

  /** The person's latest export, with its state (an expired one reads as expired). */
  async latestExport(userId: string): Promise<ExportRow | undefined> {
    await this.sweepExpired(userId);
    return this.repo.latestExport(userId);
  }

  /**
   * The file behind a download link: only its owner's session opens it (anyone else: 404, as if it did not
   * exist); after 24 hours it is gone (410).
   */
  async download(actor: Actor, token: string): Promise<{ path: string; row: ExportRow }> {
    if (actor.kind !== 'user') throw unauthorized();
    const row = await this.repo.exportByToken(token);
    if (!row || row.user_id !== actor.user.id) throw notFound('export');
    if (row.status === 'expired' || !row.file_name || (row.expires_at && row.expires_at.getTime() <= Date.now())) {
      await this.sweepExpired(actor.user.id);
      throw new AppError(410, 'export_expired', 'This download link has expired; ask for a new export.');
    }
    return { path: join(this.exportDir(), row.file_name), row };
  }

  /** Expires exports past their 24 hours and deletes their files (everyone's, or one person's). */
  async sweepExpired(userId?: string): Promise<void> {
    const files = await this.repo.expireExports(this.deps.db, userId);
    for (const f of files) rmSync(join(this.exportDir(), f), { force: true });
  }

  /**
   * Builds the ZIP of a queued export (the `users.export.requested` handler). Idempotent: an export left
   * `running` by a process that died is built again when the outbox hands the event out again.
   */
  async buildExport(exportId: string): Promise<void> {
    const row = await this.deps.db.transaction().execute((trx) => this.repo.claimExport(trx, exportId));
    if (!row) return;
    try {
      // One transaction, so every module reads the same moment (and nothing reads through the pool).
      const parts = await this.deps.db.transaction().execute(async (trx) => {
        const out: PersonalDataPart[] = [await this.accountPart(row.user_id, trx)];
        for (const m of this.deps.manifests) {
          if (m.personalData) out.push(await m.personalData.export({ service: this.deps.services[m.name] as never, module: this.deps.moduleContext }, row.user_id, trx));
        }
        return out;
      });
      const entries: Zippable = {};
      const data: Record<string, unknown> = {};
      const missing: string[] = [];
      for (const part of parts) {
        data[part.name] = part.data;
        entries[`${part.name}.json`] = new TextEncoder().encode(JSON.stringify(part.data, null, 2));
        for (const f of part.files) {
          const name = `files/${part.name}/${f.name}`;
          try {
            // Photos and PDFs are compressed already.
            entries[name] = [await f.read(), { level: 0 }];
          } catch {
            missing.push(name);
          }
        }
      }
      const summary = { format: 'urbia-personal-data/1', exportedAt: new Date().toISOString(), userId: row.user_id, missingFiles: missing, ...data };
      entries['data.json'] = new TextEncoder().encode(JSON.stringify(summary, null, 2));
      const zip = zipSync(entries, { level: 6 });
      mkdirSync(this.exportDir(), { recursive: true });
      const fileName = `${randomUUID()}.zip`;
      writeFileSync(join(this.exportDir(), fileName), zip);
      await this.repo.finishExport(this.deps.db, exportId, { token: newSecret(), file_name: fileName, bytes: zip.byteLength, expires_at: new Date(Date.now() + EXPORT_TTL_MS) });
    } catch (e) {
      await this.repo.failExport(this.deps.db, exportId, (e as Error).message ?? String(e));
      throw e;
    }
  }

  /** The users module's own part: profile, roles, sessions (without secrets), consents, staff actions. */
  private async accountPart(userId: string, trx: Parameters<PrivacyRepository['profile']>[0]): Promise<PersonalDataPart> {
    const [profile, roles, sessions, consents, actions] = await Promise.all([
      this.repo.profile(trx, userId),
      this.repo.roles(trx, userId),
      this.repo.sessions(trx, userId),
      this.repo.consentHistory(userId, trx),
      this.repo.auditActions(trx, userId),
    ]);
    return {
      name: 'account',
      data: {
        profile: profile && { id: profile.id, email: profile.email, displayName: profile.display_name, locale: profile.locale, emailVerifiedAt: profile.email_verified_at, createdAt: profile.created_at },
        roles,
        sessions: sessions.map((s) => ({ createdAt: s.created_at, expiresAt: s.expires_at, userAgent: s.user_agent, ip: s.ip })),
        consents: consents.map((c) => ({ kind: c.kind, version: c.version, source: c.source, grantedAt: c.granted_at, withdrawnAt: c.withdrawn_at })),
        staffActions: actions,
      },
      files: [],
    };
  }

  /** On `users.account.deleted`: exports and their files go; consents are withdrawn (the dated record stays, with no one's name on it). */
  async forget(userId: string): Promise<void> {
    const files = await this.deps.db.transaction().execute(async (trx) => {
      await this.repo.withdraw(trx, userId, [...NOTICE_KINDS, ...OPTIONAL_CONSENTS]);
      return this.repo.deleteExportsOf(trx, userId);
    });
    for (const f of files) rmSync(join(this.exportDir(), f), { force: true });
  }
}
