import { getCurrentUser } from '../offline/db.js';
import { flushFromWorker } from './outbox-sync.js';
import { enqueueAction, listOutbox } from '../outbox/queue.js';
import { showNotificationOutcome } from '../outbox/notification-outcome.js';
import { requestBackgroundSync } from '../outbox/background-sync.js';
import type { WorkerToPage } from './messages.js';
import { incidentTag, type NotificationData, type PageNotificationOptions } from '../outbox/notification-options.js';

declare const self: ServiceWorkerGlobalScope;

const SHOW = { onlyIfShown: false };

/**
 * Acknowledge or escalate straight from the notification, without opening the app. The tap goes into
 * the outbox first, with its own id and time, then out; with no signal it waits there for Background
 * Sync or the app, and the notification says it is queued.
 */
export async function sendNotificationAction(data: NotificationData, type: 'ack' | 'escalate'): Promise<void> {
  if (!data.incidentId) return;
  const email = await getCurrentUser();
  if (!email) {
    await self.registration.showNotification('Not sent: you are logged out on this device', {
      body: `Open onpoint and log in. ${data.title}`,
      tag: incidentTag(data.incidentId),
      silent: true,
      data,
    } satisfies PageNotificationOptions);
    return;
  }
  const action = { id: crypto.randomUUID(), type, occurredAt: new Date().toISOString(), via: 'notification' as const };
  const entry = await enqueueAction(data.incidentId, email, action);
  const report = await flushFromWorker();
  // Sent (by this flush or a page's, which update the notification themselves), refused, or waiting.
  const waiting = (await listOutbox()).find((e) => e.id === entry.id);
  if (!waiting) return;
  if (waiting.rejected) {
    await showNotificationOutcome(self.registration, entry, { kind: 'rejected', message: waiting.rejected.message }, SHOW);
    return;
  }
  await requestBackgroundSync(self.registration);
  await showNotificationOutcome(
    self.registration,
    entry,
    { kind: report.stoppedBy === 'logged_out' ? 'logged_out' : 'queued' },
    SHOW,
  );
}

/** A plain tap opens the incident, in the app window that is already open if there is one. */
export async function openIncident(data: NotificationData): Promise<void> {
  const url = new URL(data.url, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const existing = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (existing) {
    // The app routes itself, so an open window moves to the incident without a reload.
    existing.postMessage({ type: 'open', url: data.url } satisfies WorkerToPage);
    await existing.focus().catch(() => undefined);
    return;
  }
  await self.clients.openWindow(url);
}

export function handleNotificationClick(notification: Notification, action: string): Promise<void> {
  const data = notification.data as NotificationData;
  if (action === 'ack' || action === 'escalate') return sendNotificationAction(data, action);
  notification.close();
  return openIncident(data);
}
