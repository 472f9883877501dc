import { KV_THIS_DEVICE, KV_VAPID_KEY, openOnpointDb } from './db.js';

/**
 * Which of a person's registered devices this browser is, and the server's VAPID key, kept in IndexedDB
 * so the service worker can register a new subscription in place of the old one with no page open.
 * Both outlive a logout: the server keeps the device, and pages still arrive on it.
 */
export interface ThisDevice {
  id: string;
  /** Whose device it is: only that person's session may change it. */
  email: string;
  name: string;
}

export async function getThisDevice(): Promise<ThisDevice | null> {
  const value = (await (await openOnpointDb()).get('kv', KV_THIS_DEVICE)) as ThisDevice | undefined;
  return value?.id ? value : null;
}

export async function setThisDevice(device: ThisDevice): Promise<void> {
  await (await openOnpointDb()).put('kv', device, KV_THIS_DEVICE);
}

/** The server's VAPID public key (base64url), as last heard. */
export async function getVapidKey(): Promise<string | null> {
  const value = await (await openOnpointDb()).get('kv', KV_VAPID_KEY);
  return typeof value === 'string' ? value : null;
}

export async function setVapidKey(publicKey: string): Promise<void> {
  await (await openOnpointDb()).put('kv', publicKey, KV_VAPID_KEY);
}
