/**
 * How long a push service keeps a message for an offline device (TTL), how urgently it wakes the device
 * (Urgency, RFC 8030 §5.3) and which earlier undelivered message a newer one replaces (Topic, §5.4), per
 * kind of notification: an air alert is urgent and stale within the hour; a project's news can wait a week.
 */
import { createHash } from 'node:crypto';

export interface PushOptions {
  TTL: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
}

const HOUR = 3600;
const DAY = 24 * HOUR;

const BY_KIND: [prefix: string, o: PushOptions][] = [
  ['sensors.alert.raised', { TTL: HOUR, urgency: 'high' }],
  ['sensors.alert.', { TTL: HOUR, urgency: 'normal' }],
  ['reports.', { TTL: 2 * DAY, urgency: 'normal' }],
];
const DEFAULT: PushOptions = { TTL: 7 * DAY, urgency: 'low' };

export function pushOptions(kind: string): PushOptions {
  return BY_KIND.find(([p]) => kind.startsWith(p))?.[1] ?? DEFAULT;
}

/**
 * The Topic of a notification: one per kind and followed thing, so a device that was offline gets only the
 * newest status of a report, not every step. At most 32 characters of the URL-safe base64 alphabet.
 */
export function pushTopic(kind: string, thing: string): string {
  return createHash('sha256').update(`${kind}\n${thing}`).digest('base64url').slice(0, 32);
}
