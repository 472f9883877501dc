import type { Device } from '../../shared/api.js';
import { api } from '../api.js';

export type PushSupport = 'unsupported' | 'denied' | 'default' | 'granted';

export function pushSupport(): PushSupport {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return 'unsupported';
  return Notification.permission;
}

/** A name a person recognises in their device list, e.g. "Chrome on Android". */
export function guessDeviceName(userAgent = navigator.userAgent): string {
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iPhone'
      : /Mac OS X/.test(userAgent)
        ? 'Mac'
        : /Windows/.test(userAgent)
          ? 'Windows'
          : 'Linux';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : 'Safari';
  return `${browser} on ${os}`;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

/**
 * Asks permission, subscribes with the server's VAPID key and registers this device. A subscription
 * made with another key (the server's keys changed) is replaced, or pushes would never arrive.
 */
export async function enableNotifications(name: string): Promise<Device> {
  if (pushSupport() === 'unsupported') throw new Error('This browser cannot receive push notifications');
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') {
    throw new Error('Notifications are blocked for onpoint: allow them in the browser settings, then try again');
  }
  const registration = await navigator.serviceWorker.ready;
  const { publicKey } = await api<{ publicKey: string }>('/api/push/key');
  const serverKey = keyBytes(publicKey);
  let subscription = await registration.pushManager.getSubscription();
  const sameKey = (key: ArrayBuffer | null | undefined) =>
    !!key && new Uint8Array(key).length === serverKey.length && new Uint8Array(key).every((b, i) => b === serverKey[i]);
  if (subscription && !sameKey(subscription.options.applicationServerKey)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey });
  const device = await api<Device>('/api/devices', { method: 'POST', body: { name, subscription: subscription.toJSON() } });
  localStorage.setItem(THIS_DEVICE_KEY, device.id);
  return device;
}

const THIS_DEVICE_KEY = 'onpoint.thisDevice';

/** Which of a person's devices is the one in their hand, as far as this browser knows. */
export function thisDeviceId(): string | null {
  return localStorage.getItem(THIS_DEVICE_KEY);
}
