/** A person's preferences per kind of notification: which channels, and e-mail at once or as a digest. */
import { validationFailed } from '../../../core/errors.js';
import type { Templates } from '../notifications.templates.js';
import type { PreferencesRepository } from './preferences.repository.js';

type EmailFrequency = 'immediate' | 'daily' | 'weekly' | 'off';

export class PreferencesService {
  constructor(private readonly d: { repo: PreferencesRepository; templates: Templates }) {}

  /** A person's preferences for every kind of notification (defaults where they chose nothing). */
  async preferences(userId: string) {
    const saved = new Map((await this.d.repo.preferences(userId)).map((p) => [p.kind, p]));
    return this.d.templates.keys().filter((k) => !k.startsWith('notifications.')).map((kind) => {
      const p = saved.get(kind);
      return { kind, inbox: p?.inbox ?? true, email: p?.email ?? true, push: p?.push ?? false, sms: p?.sms ?? false, emailFrequency: p?.email_frequency ?? ('immediate' as const) };
    });
  }

  /** Changes some kinds' preferences (unknown kinds: 400 naming the item); fields left out keep their value. */
  async setPreferences(userId: string, items: { kind: string; inbox?: boolean | undefined; email?: boolean | undefined; push?: boolean | undefined; sms?: boolean | undefined; emailFrequency?: EmailFrequency | undefined }[]) {
    const bad = items.flatMap((it, i) => (this.d.templates.has(it.kind) ? [] : [{ field: `items[${i}].kind`, message: 'not a kind of notification', code: 'invalid_value' }]));
    if (bad.length) throw validationFailed(bad);
    const current = new Map((await this.preferences(userId)).map((p) => [p.kind, p]));
    await this.d.repo.db.transaction().execute((trx) =>
      this.d.repo.savePreferences(
        trx,
        userId,
        items.map((it) => {
          const c = current.get(it.kind)!;
          return { kind: it.kind, inbox: it.inbox ?? c.inbox, email: it.email ?? c.email, push: it.push ?? c.push, sms: it.sms ?? c.sms, email_frequency: it.emailFrequency ?? c.emailFrequency };
        }),
      ),
    );
    return this.preferences(userId);
  }
}
