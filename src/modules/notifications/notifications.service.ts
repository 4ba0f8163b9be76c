import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../core/db.js';
import { emit, type OutboxWorker } from '../../core/events.js';
import { notFound } from '../../core/errors.js';
import { type Locale, t } from '../../core/i18n.js';
import type { Mailer } from './notifications.mailer.js';
import type { NotificationsRepository } from './notifications.repository.js';

export interface NotifyInput {
  user: { id: string; email: string; locale: Locale };
  tenantId: number | null;
  kind: string;
  subject: string;
  body: string;
  /** a path on this site, e.g. /timisoara/projects/A1.P11 */
  link?: string;
  /** also send an email (default true) */
  email?: boolean;
}

export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly publicUrl: () => string,
  ) {}

  /**
   * Puts a notification in the user's inbox and queues its email, inside the caller's transaction: the
   * notification exists exactly when the change that caused it does, and the email survives a crash.
   */
  async notify(trx: Transaction<Database> | Kysely<Database>, n: NotifyInput): Promise<void> {
    const link = n.link ? new URL(n.link, this.publicUrl()).toString() : null;
    await this.repo.insert(trx, { user_id: n.user.id, tenant_id: n.tenantId, kind: n.kind, subject: n.subject, body: n.body, link });
    if (n.email !== false) {
      const footer = t('email.notification.footer', n.user.locale, { link: new URL('/account', this.publicUrl()).toString() });
      const text = [n.body, link ?? '', '', '—', footer].filter((l, i) => l !== '' || i > 1).join('\n');
      await emit(trx, 'notifications.email.requested', { to: n.user.email, subject: n.subject, text }, n.tenantId);
    }
  }

  /**
   * Notifies people by account id, each in their own language: modules keep only the ids of who follows
   * what, and the address and language are looked up here, in the caller's transaction. Deleted accounts
   * are skipped.
   */
  async notifyUsers(
    trx: Transaction<Database> | Kysely<Database>,
    userIds: string[],
    tenantId: number | null,
    compose: (locale: Locale) => Omit<NotifyInput, 'user' | 'tenantId'>,
  ): Promise<void> {
    for (const u of await this.repo.contacts(trx, [...new Set(userIds)])) {
      const locale = (['ro', 'en', 'hu'].includes(u.locale) ? u.locale : 'ro') as Locale;
      await this.notify(trx, { ...compose(locale), user: { id: u.id, email: u.email, locale }, tenantId });
    }
  }

  /** Queues an email that is not an inbox notification (verification, password reset). */
  async email(trx: Transaction<Database> | Kysely<Database>, mail: { to: string; subject: string; text: string }): Promise<void> {
    await emit(trx, 'notifications.email.requested', mail, null);
  }

  inbox(userId: string, limit = 50) {
    return this.repo.listForUser(userId, limit);
  }

  unread(userId: string) {
    return this.repo.countUnread(userId);
  }

  async markRead(userId: string, id: string): Promise<void> {
    if (!(await this.repo.markRead(userId, id))) throw notFound('notification');
  }

  /** Wires the email channel to the outbox. */
  static subscribe(worker: OutboxWorker, mailer: Mailer): void {
    worker.on('notifications.email.requested', async (event) => {
      await mailer.send(event.payload);
    });
  }
}
