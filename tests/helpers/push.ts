/**
 * A web push service on loopback for tests, standing in for the browser vendor's: it accepts what an
 * application server POSTs (RFC 8030), checks the VAPID authorisation (RFC 8292: an ES256 JWT whose `aud` is
 * the push service's origin, `exp` within 24 hours, a `sub` contact, signed by the key in `k`), and DECRYPTS
 * the aes128gcm body (RFC 8188 + RFC 8291) with the subscription's private key and auth secret, as a browser
 * would. A test thereby proves the encryption and signature are right, not just that a request was made.
 * It answers each device's requests with the next status in `respond[device]` (then 201).
 */
import { createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PushReceived {
  path: string;
  headers: Record<string, string | undefined>;
  /** the decrypted payload */
  plaintext: string;
  jwt: { header: Record<string, unknown>; claims: Record<string, unknown> };
  /** the `k` of the Authorization header: the server's VAPID public key (URL-safe base64) */
  vapidKey: string;
}

export interface PushDevice {
  endpoint: string;
  /** what a browser's PushSubscription.toJSON() gives */
  subscription: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
}

const b64 = (s: string) => Buffer.from(s, 'base64url');

/** RFC 8291 §3.4 and RFC 8188 §2: one record, ending with the 0x02 delimiter and optional zero padding. */
export function decryptAes128gcm(body: Buffer, uaPrivate: Buffer, uaPublic: Buffer, authSecret: Buffer): string {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  if (idlen !== 65) throw new Error(`keyid must be the 65-byte server key, got ${idlen}`);
  if (ciphertext.length > rs) throw new Error('more than one record');
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(uaPrivate);
  const ecdhSecret = ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--;
  if (plain[end] !== 2) throw new Error('no last-record delimiter');
  return plain.subarray(0, end).toString('utf8');
}

/** RFC 8292 §2 and §3: `vapid t=<jwt>, k=<key>`, the JWT signed with ES256 by that key. */
export function checkVapid(authorization: string | undefined, origin: string): { jwt: PushReceived['jwt']; key: string } {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!m) throw new Error(`not a VAPID Authorization header: ${authorization}`);
  const [token, k] = [m[1]!, m[2]!];
  const [h, c, s] = token.split('.');
  const header = JSON.parse(b64(h!).toString()) as Record<string, unknown>;
  const claims = JSON.parse(b64(c!).toString()) as Record<string, unknown>;
  if (header.alg !== 'ES256') throw new Error(`alg ${String(header.alg)}`);
  const raw = b64(k);
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') }, format: 'jwk' });
  if (!verify('sha256', Buffer.from(`${h}.${c}`), { key, dsaEncoding: 'ieee-p1363' }, b64(s!))) throw new Error('bad JWT signature');
  if (claims.aud !== origin) throw new Error(`aud ${String(claims.aud)} is not ${origin}`);
  const now = Date.now() / 1000;
  if (typeof claims.exp !== 'number' || claims.exp < now || claims.exp > now + 24 * 3600) throw new Error('exp not within 24 hours');
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)) throw new Error('no sub contact');
  return { jwt: { header, claims }, key: k };
}

export async function startPushService(): Promise<{
  origin: string;
  received: PushReceived[];
  errors: string[];
  respond: Record<string, number[]>;
  device(name: string): PushDevice;
  close(): Promise<void>;
}> {
  const devices = new Map<string, { priv: Buffer; pub: Buffer; auth: Buffer }>();
  const received: PushReceived[] = [];
  const errors: string[] = [];
  const respond: Record<string, number[]> = {};
  let origin = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = respond[req.url!.slice(1)]?.shift() ?? 201;
      try {
        const d = devices.get(req.url!.slice(1));
        if (!d) throw new Error(`unknown device ${req.url}`);
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${req.headers['content-encoding']}`);
        const { jwt, key } = checkVapid(req.headers.authorization, origin);
        const plaintext = decryptAes128gcm(Buffer.concat(chunks), d.priv, d.pub, d.auth);
        received.push({ path: req.url!, headers: { ttl: req.headers.ttl as string, urgency: req.headers.urgency as string, topic: req.headers.topic as string }, plaintext, jwt, vapidKey: key });
        res.writeHead(status).end();
      } catch (e) {
        errors.push((e as Error).message);
        res.writeHead(400).end((e as Error).message);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    errors,
    respond,
    device(name) {
      const ecdh = createECDH('prime256v1');
      const pub = ecdh.generateKeys();
      const auth = randomBytes(16);
      devices.set(name, { priv: ecdh.getPrivateKey(), pub, auth });
      const endpoint = `${origin}/${name}`;
      return { endpoint, subscription: { endpoint, expirationTime: null, keys: { p256dh: pub.toString('base64url'), auth: auth.toString('base64url') } } };
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
