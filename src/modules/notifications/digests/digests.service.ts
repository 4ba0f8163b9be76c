/**
 * Daily and weekly digests: the notices a person chose to get as a digest, sent as one e-mail per person at
 * the city's digest hour, each period once whatever the number of processes.
 */
import type { Transaction } from 'kysely';
import { type Actor, SYSTEM } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import type { Database } from '../../../core/db.js';
import { validationFailed } from '../../../core/errors.js';
import { emit } from '../../../core/events.js';
import { LOCALES, type Locale, t } from '../../../core/i18n.js';
import { noticeTemplates, type Templates } from '../notifications.templates.js';
import type { DigestsRepository } from './digests.repository.js';

// a daily and a weekly digest differ only in their subject
const DIGEST_BODY = { ro: 'Noutățile despre ce urmăriți, cele mai noi primele.', en: 'News about what you follow, newest first.', hu: 'Hírek arról, amit követ, a legújabbak elöl.' };
export const DIGEST_TEMPLATES = noticeTemplates({
  'notifications.digest.daily': { subject: { ro: 'Rezumatul zilei pe Urbia: {count} noutăți', en: 'Your daily Urbia digest: {count} updates', hu: 'Napi Urbia-összefoglaló: {count} újdonság' }, body: DIGEST_BODY },
  'notifications.digest.weekly': { subject: { ro: 'Rezumatul săptămânii pe Urbia: {count} noutăți', en: 'Your weekly Urbia digest: {count} updates', hu: 'Heti Urbia-összefoglaló: {count} újdonság' }, body: DIGEST_BODY },
});

/** The local date (YYYY-MM-DD), hour (0–23), ISO weekday (1 = Monday) and ISO week (YYYY-Www) at `now` in a zone. */
export function localClock(now: Date, timeZone: string): { date: string; hour: number; weekday: number; isoWeek: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' }).formatToParts(now).map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  // ISO week: the week of the Thursday of this date's week
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 4 - weekday);
  const week = Math.ceil(((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
  return { date, hour: Number(parts.hour), weekday, isoWeek: `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}` };
}

export class DigestsService {
  private digestTimer: NodeJS.Timeout | undefined;

  constructor(private readonly d: { repo: DigestsRepository; templates: Templates; publicUrl: () => string }) {}

  /**
   * Sends the daily or weekly digests due at `now`: one e-mail per person, grouped by the thing followed
   * (the group with the newest item first), newest first inside each group. The e-mails are queued in the
   * outbox and the items marked sent in one transaction: a crash before COMMIT leaves everything to send
   * again, after it everything is queued once (the outbox delivers it) — nothing twice, nothing lost.
   */
  async sendDigests(frequency: 'daily' | 'weekly', now: Date = new Date()): Promise<number> {
    return this.d.repo.db.transaction().execute((trx) => this.digestsIn(trx, frequency, now));
  }

  /** Queues the due digests (of one city, or all) in the caller's transaction; returns how many people get one. */
  private async digestsIn(trx: Transaction<Database>, frequency: 'daily' | 'weekly', now: Date, tenantId?: number): Promise<number> {
    const base = this.d.publicUrl();
    const rows = await this.d.repo.dueDigestItems(trx, frequency, now, tenantId);
    const byUser = new Map<string, typeof rows>();
    for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
    for (const items of byUser.values()) {
      const locale = ((LOCALES as readonly string[]).includes(items[0]!.locale) ? items[0]!.locale : 'ro') as Locale;
      const groups = new Map<string, typeof rows>();
      for (const it of items) groups.set(`${it.thing_kind}:${it.thing_id}`, [...(groups.get(`${it.thing_kind}:${it.thing_id}`) ?? []), it]);
      const head = this.d.templates.render(`notifications.digest.${frequency}`, { count: items.length }, locale);
      const sections = [...groups.values()].map((g) => g.map((it) => `• ${it.subject}\n${it.body}${it.link ? `\n${it.link}` : ''}`).join('\n\n'));
      const footer = t('email.notification.footer', locale, { link: new URL('/account', base).toString() });
      await emit(trx, 'notifications.email.requested', { to: items[0]!.email, subject: head.subject, text: [head.body, ...sections, `—\n${footer}`].join('\n\n———\n\n') }, items[0]!.tenant_id);
    }
    await this.d.repo.markDigestSent(trx, rows.map((r) => String(r.id)), now);
    return byUser.size;
  }

  /**
   * The digest clock: for each city whose digest hour has come (local time in its zone), sends the daily
   * digests of that local date and, on its weekly day, the weekly digests of that ISO week — each under a
   * unique key per city + frequency + period, claimed in the same transaction that queues the e-mails and
   * marks the items sent. Any number of processes may call this at any moment: each period goes out once;
   * a crash before COMMIT leaves it to the next tick, after COMMIT it is done. Returns the runs it made.
   */
  async runDueDigests(now: Date = new Date()): Promise<{ tenantId: number; frequency: 'daily' | 'weekly'; period: string; people: number }[]> {
    const runs: { tenantId: number; frequency: 'daily' | 'weekly'; period: string; people: number }[] = [];
    const repo = this.d.repo;
    for (const s of await repo.digestSchedules()) {
      const c = localClock(now, s.time_zone);
      if (c.hour < s.hour) continue;
      const due: ['daily' | 'weekly', string][] = [['daily', c.date]];
      if (c.weekday === s.weekly_day) due.push(['weekly', c.isoWeek]);
      for (const [frequency, period] of due) {
        const people = await repo.db.transaction().execute(async (trx) => {
          if (!(await repo.claimDigestRun(trx, s.tenant_id, frequency, period))) return undefined;
          const n = await this.digestsIn(trx, frequency, now, s.tenant_id);
          await repo.finishDigestRun(trx, s.tenant_id, frequency, period, n);
          return n;
        });
        if (people !== undefined) runs.push({ tenantId: s.tenant_id, frequency, period, people });
      }
    }
    return runs;
  }

  /** A city's digest hour, zone and weekly day (the defaults when never set). */
  async digestSchedule(tenantId: number) {
    const s = (await this.d.repo.digestSchedules()).find((r) => r.tenant_id === tenantId);
    return { hour: Number(s?.hour ?? 8), timeZone: s?.time_zone ?? 'Europe/Bucharest', weeklyDay: Number(s?.weekly_day ?? 1) };
  }

  /** Changes a city's digest schedule; audited (`notifications.digestSchedule.set`, before and after). */
  async setDigestSchedule(tenantId: number, input: { hour: number; timeZone: string; weeklyDay: number }, actor: Actor = SYSTEM) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: input.timeZone });
    } catch {
      throw validationFailed([{ field: 'timeZone', message: 'not an IANA time zone (e.g. Europe/Bucharest)', code: 'invalid_value' }]);
    }
    const before = await this.digestSchedule(tenantId);
    await this.d.repo.db.transaction().execute(async (trx) => {
      await this.d.repo.saveDigestSchedule(trx, tenantId, { hour: input.hour, time_zone: input.timeZone, weekly_day: input.weeklyDay });
      await writeAudit(trx, actor, { tenantId, action: 'notifications.digestSchedule.set', entityType: 'notifications_digest_settings', entityId: String(tenantId), before, after: input });
    });
    return this.digestSchedule(tenantId);
  }

  /** Ticks the digest clock every few minutes in a running server (tests call {@link runDueDigests} with a fake clock). */
  startDigestClock(everyMs = 300_000, log?: { error(o: object, m: string): void }): void {
    if (this.digestTimer) return;
    const tick = () => void this.runDueDigests().catch((e: unknown) => log?.error({ err: e }, 'digest run failed'));
    this.digestTimer = setInterval(tick, everyMs);
    this.digestTimer.unref();
  }

  stopDigestClock(): void {
    if (this.digestTimer) clearInterval(this.digestTimer);
    this.digestTimer = undefined;
  }
}
