import type { ActionResult } from '../../shared/api.js';
import type { WorkerToPage } from './messages.js';
import { incidentTag, type NotificationData, type PageNotificationOptions } from './notification-options.js';

declare const self: ServiceWorkerGlobalScope;

type NotificationAction = 'ack' | 'escalate';

async function replaceNotification(data: NotificationData, title: string, body: string): Promise<void> {
  const options: PageNotificationOptions = {
    body,
    tag: incidentTag(data.incidentId),
    renotify: false,
    requireInteraction: false,
    silent: true,
    data,
  };
  await self.registration.showNotification(title, options);
}

function outcomeText(action: NotificationAction, result: ActionResult): { title: string; body: string } {
  if (action === 'escalate') return { title: 'Escalation requested ✓', body: 'It is on the timeline.' };
  const me = result.event.actor.kind === 'person' ? result.event.actor.email : null;
  const point = result.state.point;
  return {
    title: 'Acknowledged ✓',
    body: point && point !== me ? `${point} already has point.` : 'You have point.',
  };
}

/**
 * Acknowledge or escalate straight from the notification, without opening the app. The request
 * carries the session cookie; the action id is made here, so a retry can never count twice.
 */
export async function sendNotificationAction(data: NotificationData, action: NotificationAction): Promise<void> {
  if (!data.incidentId) return;
  let response: Response;
  try {
    response = await fetch(`/api/incidents/${encodeURIComponent(data.incidentId)}/actions`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: crypto.randomUUID(), type: action, occurredAt: new Date().toISOString(), via: 'notification' }),
    });
  } catch {
    await replaceNotification(
      data,
      `Not sent: no connection`,
      `Open onpoint to ${action === 'ack' ? 'acknowledge' : 'escalate'}: ${data.title}`,
    );
    return;
  }
  if (!response.ok) {
    const why = response.status === 401 ? 'you are logged out on this device' : `the server answered ${response.status}`;
    await replaceNotification(
      data,
      `Not sent: ${why}`,
      `Open onpoint to ${action === 'ack' ? 'acknowledge' : 'escalate'}: ${data.title}`,
    );
    return;
  }
  const { title, body } = outcomeText(action, (await response.json()) as ActionResult);
  await replaceNotification(data, title, `${body} ${data.title}`.trim());
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
