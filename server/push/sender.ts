import { Agent } from 'node:https';
import webpush from 'web-push';
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

export type PushOutcome =
  | { ok: true; status: number; attempts: number }
  /** `gone`: the subscription no longer exists (404/410) and should be forgotten. */
  | { ok: false; gone: boolean; reason: string; attempts: number };

export interface PushSenderOptions {
  vapid: VapidKeys;
  subject: string;
  allowList: PushAllowList;
  /** Tries for a 429, 5xx or network failure before giving up. */
  attempts?: number;
  retryBaseMs?: number;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isRetryable(status: number | undefined): boolean {
  return status === undefined || status === 429 || status >= 500;
}

function retryAfterMs(headers: Record<string, string | string[] | undefined> | undefined): number | null {
  const value = Number(headers?.['retry-after']);
  return Number.isFinite(value) && value > 0 ? Math.min(value, 60) * 1000 : null;
}

export type PushSender = (target: PushTarget, payload: string, options: PushOptions) => Promise<PushOutcome>;

/**
 * Sends one encrypted Web Push message, retrying transient failures with exponential backoff.
 * Each call is independent, so one slow push service never holds up anyone else's page.
 */
export function createPushSender(options: PushSenderOptions): PushSender {
  const attempts = options.attempts ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const authorizationFor = createVapidHeaderCache(options.vapid, options.subject);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });

  return async (target, payload, { topic, urgency, ttlSeconds }) => {
    if (!options.allowList.serviceOf(target.endpoint)) {
      return { ok: false, gone: true, reason: 'endpoint is not on a known push service', attempts: 0 };
    }
    let reason = 'not sent';
    for (let attempt = 1; attempt <= attempts; attempt++) {
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
        return { ok: true, status: response.statusCode, attempts: attempt };
      } catch (err) {
        const status = err instanceof webpush.WebPushError ? err.statusCode : undefined;
        if (status === 404 || status === 410) {
          return { ok: false, gone: true, reason: `push service says the subscription is gone (${status})`, attempts: attempt };
        }
        reason = status ? `push service answered ${status}` : `could not reach the push service (${(err as Error).message})`;
        if (!isRetryable(status)) return { ok: false, gone: false, reason, attempts: attempt };
        if (attempt < attempts) {
          const headers = err instanceof webpush.WebPushError ? err.headers : undefined;
          const backoff = retryAfterMs(headers) ?? retryBaseMs * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4);
          await sleep(backoff);
        }
      }
    }
    return { ok: false, gone: false, reason: `${reason}, gave up after ${attempts} tries`, attempts };
  };
}
