import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
