import { PushPayload } from '../../shared/push-payload.js';
import { incidentTag, type NotificationData, type PageNotificationOptions } from '../outbox/notification-options.js';

declare const self: ServiceWorkerGlobalScope;

function readPayload(data: PushMessageData | null): PushPayload | null {
  try {
    return PushPayload.parse(data?.json());
  } catch {
    return null;
  }
}

/** Tells the server this device got the page, so the timeline shows it arrived, not just that it was sent. */
async function sendReceipt(receipt: string): Promise<void> {
  try {
    await fetch('/api/push/receipts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ receipt }),
    });
  } catch {
    // No signal: the page still shows; only the receipt is missing.
  }
}

/**
 * Shows every push as a notification, even one it cannot read: browsers punish silent pushes, and
 * a pager that swallows a page is worse than one that shows a vague one.
 */
export async function handlePush(data: PushMessageData | null): Promise<void> {
  const payload = readPayload(data);
  if (!payload) {
    await self.registration.showNotification('onpoint: new activity', {
      body: 'Open onpoint to see what happened.',
      tag: 'onpoint-unknown',
      data: { incidentId: null, url: '/', title: 'onpoint' } satisfies NotificationData,
    });
    return;
  }
  const page = payload.kind === 'page' || payload.kind === 'quiet';
  const urgent = payload.kind === 'page' || payload.kind === 'point';
  const options: PageNotificationOptions = {
    body: payload.summary,
    tag: payload.kind === 'handoff' ? 'onpoint-handoff' : incidentTag(payload.incidentId),
    renotify: urgent,
    silent: !urgent,
    requireInteraction: urgent,
    timestamp: Date.parse(payload.sentAt),
    icon: '/icon-192.png',
    badge: '/icon-192.png',
    actions: page
      ? [
          { action: 'ack', title: 'Acknowledge' },
          { action: 'escalate', title: 'Escalate' },
        ]
      : [],
    data: { incidentId: payload.incidentId, url: payload.url, title: payload.title } satisfies NotificationData,
  };
  const prefix = payload.severity === 'critical' ? '🔴 ' : payload.severity === 'warning' ? '🟠 ' : '';
  await Promise.all([self.registration.showNotification(prefix + payload.title, options), sendReceipt(payload.receipt)]);
}
