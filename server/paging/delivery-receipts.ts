import { systemEvent, type Timeline } from '../incidents/timeline.js';
import { receiptEventId, type ReceiptTokens } from '../push/receipt-token.js';
import type { DeviceStore, PushQueueStore } from '../store/store.js';

/**
 * A device's word that a page arrived: the device and the push are marked delivered (which stops the
 * `confirmWithin` climb) and the timeline says which device got it, once per receipt.
 */
export function createDeliveryReceipts({
  store,
  timeline,
  receipts,
  now,
}: {
  store: DeviceStore & PushQueueStore;
  timeline: Timeline;
  receipts: ReceiptTokens;
  now: () => Date;
}) {
  /** False for a receipt this server did not issue. */
  return async function confirmDelivery(receipt: string): Promise<boolean> {
    const claims = receipts.verify(receipt);
    if (!claims) return false;
    const at = now();
    const device = await store.markDeviceDelivered(claims.deviceId, at.toISOString());
    // The page is confirmed even if its device was removed since: it did reach a phone.
    await store.confirmPush(claims.pushId, at.toISOString());
    if (device && claims.incidentId) {
      const delivered = systemEvent(
        claims.incidentId,
        { type: 'delivered', person: device.email, deviceId: device.id, deviceName: device.name, pushId: claims.pushId },
        at,
      );
      await timeline.append([{ ...delivered, id: receiptEventId(receipt) }]);
    }
    return true;
  };
}
export type ConfirmDelivery = ReturnType<typeof createDeliveryReceipts>;
