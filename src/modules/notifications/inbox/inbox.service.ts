/**
 * A person's in-app inbox, and the notifications other modules send straight to people (not through a
 * follow): each written in the caller's transaction, with its e-mail queued in the outbox.
 */
import { emit, type EventMap } from '../../../core/events.js';
import { notFound } from '../../../core/errors.js';
import { type Locale, t } from '../../../core/i18n.js';
import type { NotifyInput, Q } from '../notifications.common.js';
import type { NotificationsRepository } from '../notifications.repository.js';

export class InboxService {
  constructor(private readonly d: { repo: NotificationsRepository; publicUrl: () => string }) {}

  /**
   * Puts a notification in the user's inbox and queues its email, inside the caller's transaction: the
   * notification exists exactly when the change that caused it does, and the email survives a crash.
   */
  async notify(trx: Q, n: NotifyInput): Promise<void> {
    const link = n.link ? new URL(n.link, this.d.publicUrl()).toString() : null;
    await this.d.repo.insert(trx, { user_id: n.user.id, tenant_id: n.tenantId, kind: n.kind, subject: n.subject, body: n.body, link });
    if (n.email !== false) {
      const footer = t('email.notification.footer', n.user.locale, { link: new URL('/account', this.d.publicUrl()).toString() });
      const text = [n.body, link ?? '', '', '—', footer].filter((l, i) => l !== '' || i > 1).join('\n');
      await emit(trx, 'notifications.email.requested', { to: n.user.email, subject: n.subject, text }, n.tenantId);
    }
  }

  /**
   * Notifies people by account id, each in their own language: modules keep only the ids of who follows
   * what, and the address and language are looked up here, in the caller's transaction. Deleted accounts
   * are skipped.
   */
  async notifyUsers(trx: Q, userIds: string[], tenantId: number | null, compose: (locale: Locale) => Omit<NotifyInput, 'user' | 'tenantId'>): Promise<void> {
    for (const u of await this.d.repo.contacts(trx, [...new Set(userIds)])) {
      const locale = (['ro', 'en', 'hu'].includes(u.locale) ? u.locale : 'ro') as Locale;
      await this.notify(trx, { ...compose(locale), user: { id: u.id, email: u.email, locale }, tenantId });
    }
  }

  /** Queues an email that is not an inbox notification (verification, password reset). */
  async email(trx: Q, mail: EventMap['notifications.email.requested']): Promise<void> {
    await emit(trx, 'notifications.email.requested', mail, null);
  }

  inbox(userId: string, limit = 50) {
    return this.d.repo.listForUser(userId, limit);
  }

  unread(userId: string) {
    return this.d.repo.countUnread(userId);
  }

  async markRead(userId: string, id: string): Promise<void> {
    if (!(await this.d.repo.markRead(userId, id))) throw notFound('notification');
  }
}
