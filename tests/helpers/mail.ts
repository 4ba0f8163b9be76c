import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';

/** The .eml files the file mailer wrote (no SMTP_URL), newest last. */
export function outboxMails(dataDir: string): { to: string; subject: string; raw: string }[] {
  let files: string[];
  try {
    files = readdirSync(join(dataDir, 'outbox')).filter((f) => f.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  return files.map((f) => {
    const raw = readFileSync(join(dataDir, 'outbox', f), 'utf8');
    return { to: /^To: (.*)$/m.exec(raw)?.[1] ?? '', subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '', raw: decodeQuotedPrintable(raw) };
  });
}

/** Quoted-printable → UTF-8 text (bytes first, so Romanian diacritics survive). */
export function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    const m = src[i] === '=' ? /^[0-9A-F]{2}$/.exec(src.slice(i + 1, i + 3)) : null;
    if (m) {
      bytes.push(parseInt(m[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The token in a link like …/verify?token=XYZ inside a mail body. */
export function tokenFrom(raw: string, path: 'verify' | 'reset'): string {
  const m = new RegExp(`/${path}\\?token=([A-Za-z0-9_-]+)`).exec(raw);
  if (!m) throw new Error(`no ${path} link in mail:\n${raw}`);
  return m[1]!;
}

/** One message the catcher took: the envelope's recipients, the message as sent, and its decoded text. */
export interface CaughtMail {
  to: string[];
  raw: string;
  text: string;
}

export interface MailCatcher {
  /** SMTP_URL for the app under test. */
  url: string;
  /** The messages answered so far, oldest first (a test may empty it: `mails.length = 0`). */
  mails: CaughtMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps what it is sent, so tests check the mail the app really sends
 * (nodemailer, headers, encoding) rather than a mock. `answer` decides per message: returning false leaves
 * it unanswered and not kept — the sender waits for a 250 that never comes (how a test holds a send in flight).
 */
export async function catchMail(options: { answer?: (mail: CaughtMail) => boolean } = {}): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail = { to: session.envelope.rcptTo.map((r) => r.address), raw, text: decodeQuotedPrintable(raw) };
        if (options.answer && !options.answer(mail)) return;
        mails.push(mail);
        cb();
      });
    },
  });
  // A client killed mid-session resets its connection; that is the test's doing, not a failure of the catcher.
  server.on('error', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** catchMail for the enclosing describe block: listening from a beforeAll registered here, closed after. */
export function useMail(): MailCatcher {
  const catcher = {} as MailCatcher;
  beforeAll(async () => {
    Object.assign(catcher, await catchMail());
  });
  afterAll(async () => {
    await catcher.close?.();
  });
  return catcher;
}
