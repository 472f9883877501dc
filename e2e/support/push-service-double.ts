import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, randomUUID, verify } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestCert } from './test-cert.js';

/**
 * A local stand-in for FCM/Mozilla/Apple push: speaks RFC 8030 over HTTPS, checks the VAPID JWT
 * (RFC 8292) and decrypts the RFC 8291 aes128gcm body with the subscription's private key, so a
 * test sees exactly what a phone would.
 */
export interface ReceivedPush {
  subscriptionId: string;
  payload: unknown;
  text: string;
  ttl: number;
  urgency: string | null;
  topic: string | null;
  receivedAtMs: number;
}

export interface DoubleSubscription {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

interface Subscriber {
  ecdh: ReturnType<typeof createECDH>;
  auth: Buffer;
  /** Statuses to answer with before accepting, e.g. [429, 500]; then 201. */
  failures: number[];
  gone: boolean;
}

const b64url = (b: Buffer) => b.toString('base64url');

function hkdf(salt: Buffer, ikm: Buffer, info: Buffer, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, length));
}

/** RFC 8291 §3.4 with RFC 8188 framing: one record, padding delimiter 0x02. */
export function decryptAes128Gcm(body: Buffer, ecdh: ReturnType<typeof createECDH>, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const senderPublic = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const shared = ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderPublic]);
  const ikm = hkdf(authSecret, shared, keyInfo, 32);
  const cek = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('last record must end with the 0x02 padding delimiter');
  return padded.subarray(0, end);
}

/**
 * JWTs whose signature verified, with their key: a sender reuses one JWT for hours (onpoint does, 11 h), and
 * checking the same signature again would make the double, not the sender, the cost of a load test.
 */
const verifiedSignatures = new Set<string>();

function signatureVerifies(jwt: string, publicKey: Buffer): boolean {
  const cacheKey = `${jwt} ${publicKey.toString('base64url')}`;
  if (verifiedSignatures.has(cacheKey)) return true;
  const [head, body, signature] = jwt.split('.');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64url(publicKey.subarray(1, 33)), y: b64url(publicKey.subarray(33)) },
    format: 'jwk',
  });
  const valid = verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (valid) verifiedSignatures.add(cacheKey);
  return valid;
}

/** Checks `Authorization: vapid t=JWT, k=KEY`: ES256 signature by k, audience = our origin, expiry within 24 h. */
export function checkVapid(header: string | undefined, origin: string, nowS = Date.now() / 1000): string | null {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!match) return 'Authorization must be "vapid t=…, k=…"';
  const [head, body] = match[1].split('.');
  const publicKey = Buffer.from(match[2], 'base64url');
  if (publicKey.length !== 65) return 'k must be an uncompressed P-256 public key';
  if (!signatureVerifies(match[1], publicKey)) return 'VAPID JWT signature does not verify';
  const header_ = JSON.parse(Buffer.from(head, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
  if (header_.alg !== 'ES256') return 'VAPID JWT must be ES256';
  if (claims.aud !== origin) return `VAPID aud is ${claims.aud}, not ${origin}`;
  if (!(claims.exp > nowS && claims.exp <= nowS + 24 * 3600)) return 'VAPID exp must be in the next 24 hours';
  if (!/^(mailto:|https:)/.test(claims.sub ?? '')) return 'VAPID sub must be a mailto: or https: URL';
  return null;
}

export class PushServiceDouble extends EventEmitter {
  readonly received: ReceivedPush[] = [];
  readonly rejected: { subscriptionId: string; reason: string }[] = [];
  private readonly subscribers = new Map<string, Subscriber>();
  private server: Server;
  private down: number | 'hang' | null = null;
  private readonly hanging: ServerResponse[] = [];
  origin = '';

  constructor(cert: TestCert) {
    super();
    this.server = createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.down !== null) {
          this.refused++;
          if (this.down === 'hang') return void this.hanging.push(res);
          return void res.writeHead(this.down, { 'Content-Type': 'text/plain' }).end('outage');
        }
        const { status, reason } = this.accept(req.url ?? '', req.headers, Buffer.concat(chunks));
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(reason ?? '');
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** host:port, for ONPOINT_PUSH_ALLOW_HOSTS. */
  get host(): string {
    return new URL(this.origin).host;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  subscribe(): DoubleSubscription {
    const id = randomUUID();
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    this.subscribers.set(id, { ecdh, auth, failures: [], gone: false });
    return { id, endpoint: `${this.origin}/push/${id}`, keys: { p256dh: b64url(ecdh.getPublicKey()), auth: b64url(auth) } };
  }

  /**
   * The whole service is down: every send is answered with `status`, or with 'hang' held open and never
   * answered (until `outage(null)` or stop). Nothing is received meanwhile.
   */
  outage(mode: number | 'hang' | null): void {
    this.down = mode;
    if (mode === null) for (const res of this.hanging.splice(0)) res.destroy();
  }

  /** Sends answered with an outage status or held open, so far. */
  refused = 0;

  /** The next sends to this subscription get these statuses, in order. */
  failNext(subscriptionId: string, statuses: number[]): void {
    this.subscribers.get(subscriptionId)!.failures.push(...statuses);
  }

  /** From now on this subscription answers 410 Gone, as when a person uninstalls the app. */
  expire(subscriptionId: string): void {
    this.subscribers.get(subscriptionId)!.gone = true;
  }

  pushesFor(subscriptionId: string): ReceivedPush[] {
    return this.received.filter((p) => p.subscriptionId === subscriptionId);
  }

  /** Resolves with the nth push (1-based) to a subscription, waiting for it if need be. */
  waitForPush(subscriptionId: string, nth = 1, timeoutMs = 15_000): Promise<ReceivedPush> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const pushes = this.pushesFor(subscriptionId);
        if (pushes.length >= nth) {
          this.off('push', check);
          clearTimeout(timer);
          resolve(pushes[nth - 1]);
        }
      };
      const timer = setTimeout(() => {
        this.off('push', check);
        reject(
          new Error(
            `push ${nth} to ${subscriptionId} did not arrive in ${timeoutMs} ms (got ${this.pushesFor(subscriptionId).length}; rejected: ${JSON.stringify(this.rejected)})`,
          ),
        );
      }, timeoutMs);
      this.on('push', check);
      check();
    });
  }

  private accept(
    url: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
  ): { status: number; reason?: string } {
    const id = /^\/push\/([0-9a-f-]+)$/.exec(url)?.[1];
    const subscriber = id ? this.subscribers.get(id) : undefined;
    if (!id || !subscriber || subscriber.gone) return { status: 410, reason: 'subscription gone' };
    const reject = (reason: string) => {
      this.rejected.push({ subscriptionId: id, reason });
      return { status: 400, reason };
    };
    const vapidProblem = checkVapid(headers.authorization as string | undefined, this.origin);
    if (vapidProblem) return { status: 403, reason: vapidProblem };
    if (headers['content-encoding'] !== 'aes128gcm') return reject('Content-Encoding must be aes128gcm');
    const ttl = Number(headers.ttl);
    if (!Number.isInteger(ttl) || ttl < 0) return reject('TTL header is required');
    const topic = (headers.topic as string | undefined) ?? null;
    if (topic !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return reject('Topic must be at most 32 URL-safe characters');
    const failure = subscriber.failures.shift();
    if (failure) return { status: failure, reason: 'told to fail' };
    let text: string;
    try {
      text = decryptAes128Gcm(body, subscriber.ecdh, subscriber.auth).toString('utf8');
    } catch (err) {
      return reject(`cannot decrypt: ${(err as Error).message}`);
    }
    let payload: unknown = null;
    try {
      payload = JSON.parse(text);
    } catch {
      // Not JSON: kept as text.
    }
    const push: ReceivedPush = {
      subscriptionId: id,
      payload,
      text,
      ttl,
      urgency: (headers.urgency as string | undefined) ?? null,
      topic,
      receivedAtMs: performance.timeOrigin + performance.now(),
    };
    this.received.push(push);
    this.emit('push', push);
    return { status: 201 };
  }
}
