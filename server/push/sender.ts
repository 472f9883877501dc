import { Agent } from 'node:https';
import webpush from 'web-push';
import type { Clock } from '../clock.js';
import type { PushAllowList } from './allow-list.js';
import type { VapidKeys } from './vapid.js';
import { createVapidHeaderCache } from './vapid.js';

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushOptions {
  /** Same topic replaces an undelivered earlier message at the push service (RFC 8030 §5.4). */
  topic: string;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  ttlSeconds: number;
}

/** What one try came to. The queue decides what happens next: a try is never repeated here. */
export type PushOutcome =
  | { kind: 'sent'; status: number }
  /** The subscription no longer exists (404/410), or its endpoint is not a push service onpoint may call. */
  | { kind: 'gone'; reason: string }
  /** 413: the body is over what the push service takes. */
  | { kind: 'too_large'; reason: string }
  /** 429, 5xx, a timeout or a network error: worth another try, after `retryAfterMs` if the service said. */
  | { kind: 'retry'; reason: string; retryAfterMs: number | null }
  /** Any other refusal: another try would be refused the same way. */
  | { kind: 'failed'; reason: string };

export interface PushSenderOptions {
  vapid: VapidKeys;
  subject: string;
  allowList: PushAllowList;
  now: Clock;
  timeoutMs?: number;
  /** Certificate authorities to trust for push services besides the system's (a test's push-service double). */
  ca?: string;
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | string[] | undefined, now: number): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export type PushSender = (target: PushTarget, payload: string, options: PushOptions) => Promise<PushOutcome>;

/** Sends one encrypted Web Push message, once, and says how it went. */
export function createPushSender(options: PushSenderOptions): PushSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const authorizationFor = createVapidHeaderCache(options.vapid, options.subject, options.now);
  const agent = new Agent({ keepAlive: true, maxSockets: 64, ...(options.ca && { ca: options.ca }) });

  return async (target, payload, { topic, urgency, ttlSeconds }) => {
    if (!options.allowList.serviceOf(target.endpoint)) {
      return { kind: 'gone', reason: 'endpoint is not on a known push service' };
    }
    try {
      const response = await webpush.sendNotification(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        payload,
        {
          vapidDetails: null,
          headers: { Authorization: authorizationFor(target.endpoint) },
          TTL: ttlSeconds,
          urgency,
          topic,
          agent,
          timeout: timeoutMs,
        } as unknown as webpush.RequestOptions,
      );
      return { kind: 'sent', status: response.statusCode };
    } catch (err) {
      if (!(err instanceof webpush.WebPushError)) {
        return { kind: 'retry', reason: `could not reach the push service (${(err as Error).message})`, retryAfterMs: null };
      }
      const status = err.statusCode;
      if (status === 404 || status === 410)
        return { kind: 'gone', reason: `push service says the subscription is gone (${status})` };
      if (status === 413) return { kind: 'too_large', reason: 'message too large (413)' };
      if (status === 429 || status >= 500) {
        return {
          kind: 'retry',
          reason: `push service answered ${status}`,
          retryAfterMs: retryAfterMs(err.headers?.['retry-after'], options.now().getTime()),
        };
      }
      return { kind: 'failed', reason: `push service refused it (${status})` };
    }
  };
}
