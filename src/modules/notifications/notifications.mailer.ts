/**
 * The email channel. With SMTP_URL, mail goes to that server; without it, each message is written to
 * URBIA_DATA_DIR/outbox/ as an .eml file, so a demo loses nothing and a person can open the mail.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

/** A mail is plain text only: people's text (titles, comments, names) must never become markup in a mail. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string | undefined;
  /** one-click unsubscribe (RFC 8058): sets List-Unsubscribe and List-Unsubscribe-Post */
  listUnsubscribe?: { url: string; mailto: string } | undefined;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * The HTML part of a text message: every character of the text escaped (user content such as a report's
 * title never becomes markup), paragraphs kept, and URLs of this site made into links.
 */
export function textToHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) =>
    escapeHtml(p)
      .replace(/(https?:\/\/[^\s<>&"']+)/g, '<a href="$1">$1</a>')
      .replace(/\n/g, '<br>\n'),
  );
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</body></html>`;
}

/** What nodemailer gets: both parts, and the unsubscribe headers for non-transactional mail. */
function toMessage(from: string, mail: Mail) {
  const { listUnsubscribe, html, ...rest } = mail;
  return {
    from,
    ...rest,
    html: html ?? textToHtml(mail.text),
    ...(listUnsubscribe
      ? { headers: { 'List-Unsubscribe': `<${listUnsubscribe.url}>, <mailto:${listUnsubscribe.mailto}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }
      : {}),
  };
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function createMailer(options: { smtpUrl?: string | undefined; from: string; dataDir: string }): Mailer {
  if (options.smtpUrl) {
    const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(mail) {
        await transport.sendMail(toMessage(options.from, mail));
      },
      close: () => transport.close(),
    };
  }
  const dir = join(options.dataDir, 'outbox');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let n = 0;
  return {
    async send(mail) {
      const info = await transport.sendMail(toMessage(options.from, mail));
      mkdirSync(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${n++}.eml`;
      writeFileSync(join(dir, name), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
