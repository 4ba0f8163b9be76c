/**
 * "Me too" and following a report: support counted at once for a verified account, else after the emailed
 * confirmation (double opt-in); follows without support; the one-click unsubscribe of notification emails.
 */
import type { Actor } from '../../../core/actor.js';
import type { Db } from '../../../core/db.js';
import { AppError, conflict, forbidden, validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import type { NotificationsService } from '../../notifications/index.js';
import type { TenantRow } from '../../tenants/index.js';
import { newToken, normalizeEmail, sha256 } from '../reports.common.js';
import type { ReportRow, ReportsRepository } from '../reports/reports.repository.js';
import { OPEN_STATUSES } from '../reports.tables.js';

export interface SupportsDeps {
  /** for the notifications hub's token look-up, which takes a handle of its own */
  db: Db;
  repo: ReportsRepository;
  notifications: NotificationsService;
  publicUrl: () => string;
  /** a report as the public sees it (404 when hidden or unpublished) */
  get(tenant: TenantRow, id: string, staff: boolean): Promise<{ report: ReportRow }>;
}

export class SupportsService {
  constructor(private readonly d: SupportsDeps) {}

  /**
   * "Me too": adds support to an existing report instead of a duplicate, and follows it. Double opt-in
   * (issue 12): only a signed-in person whose account e-mail is verified counts at once; any other address
   * (an anonymous e-mail, or an unverified account's) first gets a confirmation link and nothing else — it
   * is neither counted nor sent status mail until {@link confirmSupport}.
   */
  async support(actor: Actor, tenant: TenantRow, id: string, email: string | undefined): Promise<{ supporters: number; pending: boolean }> {
    const { report } = await this.d.get(tenant, id, false);
    if (!OPEN_STATUSES.includes(report.status)) throw conflict('This report is already closed.', 'report_closed');
    const who = actor.kind === 'user' ? { user_id: actor.user.id, email: null } : email ? { user_id: null, email: normalizeEmail(email) } : undefined;
    if (!who) throw validationFailed([{ field: 'email', message: 'Give your email address or sign in.', code: 'required' }]);
    if (who.email && (await this.d.repo.isBlocked(tenant.id, who.email))) throw forbidden('Reports from this email address are not accepted.');
    const mailTo = actor.kind === 'user' ? (actor.user.emailVerified ? undefined : actor.user.email) : who.email!;
    const token = mailTo ? newToken() : undefined;
    return this.d.repo.transaction(async (trx) => {
      if (await this.d.notifications.follow(trx, { tenantId: tenant.id, kind: 'reports.report', id, userId: who.user_id, email: who.email, implicit: true, pendingTokenHash: token ? sha256(token) : undefined })) {
        if (token && mailTo) await this.d.notifications.email(trx, this.supportConfirmMail(tenant, report, mailTo, token));
        else {
          await this.d.repo.addSupporter(trx, id);
          await emit(trx, 'reports.report.supported', { reportId: id }, tenant.id);
        }
      }
      const r = await this.d.repo.byId(id, trx);
      return { supporters: r!.supporters, pending: token !== undefined };
    });
  }

  /** The confirmation mail of a support, in the city's three languages (the address has no locale yet). */
  private supportConfirmMail(tenant: TenantRow, report: ReportRow, to: string, token: string) {
    const link = new URL(`/${tenant.slug}/reports/support-confirm?token=${token}`, this.d.publicUrl()).toString();
    const title = report.title;
    return {
      to,
      subject: `Confirmați susținerea / Confirm your support: #${report.id}`,
      text:
        `Bună ziua,\n\nCineva (probabil dumneavoastră) a susținut sesizarea „${title}” (#${report.id}) cu această adresă. Pentru a confirma și a primi vești despre ea, deschideți linkul:\n${link}\n\nDacă nu ați fost dumneavoastră, ignorați acest mesaj: nu veți mai primi nimic.\n\n—\n` +
        `Someone (probably you) supported the report "${title}" (#${report.id}) with this address. To confirm and be told of its progress, open the link above. If it was not you, ignore this message: you will receive nothing else.\n\n—\n` +
        `Valaki (valószínűleg Ön) ezzel a címmel támogatta a(z) „${title}” (#${report.id}) bejelentést. A megerősítéshez és az értesítésekhez nyissa meg a fenti linket. Ha nem Ön volt, hagyja figyelmen kívül ezt az üzenetet.`,
    };
  }

  /** The emailed link of a support: counts it and starts the status mail; a used or unknown token is 404. */
  async confirmSupport(token: string): Promise<{ reportId: string; supporters: number }> {
    return this.d.repo.transaction(async (trx) => {
      const row = await this.d.notifications.confirmFollow(trx, sha256(token));
      if (!row || row.kind !== 'reports.report') throw new AppError(404, 'invalid_token', 'This confirmation link is not valid or was already used.');
      const reportId = row.target;
      await this.d.repo.addSupporter(trx, reportId);
      await emit(trx, 'reports.report.supported', { reportId }, row.tenant_id);
      const r = await this.d.repo.byId(reportId, trx);
      return { reportId, supporters: r!.supporters };
    });
  }

  /** Follows a report without supporting it: the signed-in person is notified of its status changes. */
  async setFollowing(actor: Actor, tenant: TenantRow, id: string, following: boolean): Promise<{ following: boolean }> {
    if (actor.kind !== 'user') throw forbidden('Sign in to follow a report.');
    await this.d.get(tenant, id, false);
    await this.d.repo.transaction(async (trx) => {
      const f = { tenantId: tenant.id, kind: 'reports.report', id, userId: actor.user.id };
      if (following) await this.d.notifications.follow(trx, f);
      else await this.d.notifications.unfollow(trx, f);
    });
    return { following };
  }

  async isFollowing(actor: Actor, tenant: TenantRow, id: string): Promise<{ following: boolean }> {
    if (actor.kind !== 'user') return { following: false };
    await this.d.get(tenant, id, false);
    return { following: await this.d.notifications.isFollowing(tenant.id, 'reports.report', id, actor.user.id) };
  }

  /** The one-click link in notification emails: stops notifications about one report for that follower. */
  async unsubscribe(token: string): Promise<{ reportId: string }> {
    if (!/^[0-9a-f-]{36}$/.test(token)) throw new AppError(404, 'invalid_token', 'This link is not valid or was already used.');
    const row = await this.d.notifications.unfollowByToken(this.d.db, token);
    if (!row || row.kind !== 'reports.report') throw new AppError(404, 'invalid_token', 'This link is not valid or was already used.');
    return { reportId: row.target };
  }
}
