import type { PushRepository } from './push.repository.js';

type Device = Awaited<ReturnType<PushRepository['listForUser']>>[number];

/** A device, without its endpoint (a capability URL: whoever has it can push to the device). */
export function presentDevice(d: Device) {
  return { id: String(d.id), host: new URL(d.endpoint).host, userAgent: d.user_agent, createdAt: d.created_at.toISOString(), lastSentAt: d.last_sent_at?.toISOString() ?? null };
}
