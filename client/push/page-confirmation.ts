import type { Device } from '../../shared/api.js';

/** A phone that got a page confirms it within seconds; after this, its silence means something. */
export const CONFIRM_WITHIN_MS = 2 * 60_000;

/**
 * When the last page sent to a device went out, if the device never confirmed it and should have by
 * now: it may not be getting pages. A push that reached it later (a test page) says it does again.
 */
export function unconfirmedPageAt(device: Pick<Device, 'lastPage' | 'lastDeliveredAt'>, now: number): string | null {
  const page = device.lastPage;
  if (!page || page.confirmedAt) return null;
  const sent = Date.parse(page.sentAt);
  if (now - sent < CONFIRM_WITHIN_MS) return null;
  if (device.lastDeliveredAt && Date.parse(device.lastDeliveredAt) > sent) return null;
  return page.sentAt;
}
