/**
 * The hub's delivery channels besides the inbox and e-mail: web push and the SMS gateway hook, with the
 * delivery log they share. Created once per app; their outbox handlers are wired in `subscribeChannels`.
 */
import type { Db } from '../../core/db.js';
import type { OutboxWorker } from '../../core/events.js';
import { DeliveriesRepository } from './deliveries/deliveries.repository.js';
import { PushRepository } from './push/push.repository.js';
import { PushService } from './push/push.service.js';
import { SmsRepository } from './sms/sms.repository.js';
import { SmsService } from './sms/sms.service.js';

export interface Channels {
  push: PushService;
  sms: SmsService;
  deliveries: DeliveriesRepository;
}

export function createChannels(db: Db, config: { mailFrom: string; channelsAllowHttp?: boolean | undefined }): Channels {
  const deliveries = new DeliveriesRepository(db);
  const address = /<([^>]+)>/.exec(config.mailFrom)?.[1] ?? config.mailFrom.trim();
  const allowHttp = config.channelsAllowHttp ?? false;
  return {
    deliveries,
    // RFC 8292 §2.1: the subject is a contact for the push service's operator.
    push: new PushService(new PushRepository(db), deliveries, { subject: `mailto:${address}`, allowHttp }),
    sms: new SmsService(db, new SmsRepository(db), deliveries, { allowHttp }),
  };
}

export function subscribeChannels(worker: OutboxWorker, c: Channels): void {
  worker.on('notifications.push.requested', (e) => c.push.deliver(e));
  worker.on('notifications.sms.requested', (e) => c.sms.deliver(e));
  // Erasure: devices, the phone number and the delivery log go with the account.
  worker.on('users.account.deleted', async (e) => {
    await c.push.forgetUser(e.payload.userId);
    await c.sms.forgetUser(e.payload.userId);
    await c.deliveries.dropUser(e.payload.userId);
  });
}
