import webpush from 'web-push';
import type { Clock } from '../clock.js';
import type { SettingsStore } from '../store/store.js';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** Made on first start and kept in the store: every subscription is bound to this public key. */
export async function loadOrCreateVapidKeys(store: SettingsStore): Promise<VapidKeys> {
  const existing = await store.getSetting('vapid');
  if (existing) return JSON.parse(existing) as VapidKeys;
  const stored = await store.initSetting('vapid', JSON.stringify(webpush.generateVAPIDKeys()));
  return JSON.parse(stored) as VapidKeys;
}

const JWT_LIFETIME_S = 12 * 60 * 60;
const RENEW_BEFORE_S = 60 * 60;

/**
 * Signing a VAPID JWT costs more than encrypting the message, and push services accept one for up
 * to 24 h, so each push-service origin gets one header that is reused until an hour before it expires.
 */
export function createVapidHeaderCache(keys: VapidKeys, subject: string, clock: Clock) {
  const cache = new Map<string, { authorization: string; expiresAt: number }>();
  return (endpoint: string): string => {
    const audience = new URL(endpoint).origin;
    const now = clock().getTime() / 1000;
    const hit = cache.get(audience);
    if (hit && hit.expiresAt - RENEW_BEFORE_S > now) return hit.authorization;
    const expiresAt = Math.floor(now) + JWT_LIFETIME_S;
    const { Authorization } = webpush.getVapidHeaders(audience, subject, keys.publicKey, keys.privateKey, 'aes128gcm', expiresAt);
    cache.set(audience, { authorization: Authorization, expiresAt });
    return Authorization;
  };
}
