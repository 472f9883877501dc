import type { ActionResult } from '../../shared/api.js';
import type { OutboxEntry } from '../offline/db.js';
import { incidentTag, type NotificationData, type PageNotificationOptions } from './notification-options.js';

/** What happened to an action tapped on a notification, as the notification will now say. */
export type NotificationOutcome =
  { kind: 'sent'; result: ActionResult } | { kind: 'queued' } | { kind: 'rejected'; message: string } | { kind: 'logged_out' };

const VERB = { ack: 'acknowledgement', escalate: 'escalation' } as Record<string, string>;

function describe(entry: OutboxEntry, outcome: NotificationOutcome): { title: string; body: string } {
  const what = VERB[entry.action.type] ?? 'action';
  switch (outcome.kind) {
    case 'sent': {
      if (entry.action.type !== 'ack') return { title: 'Escalation requested ✓', body: 'It is on the timeline.' };
      const point = outcome.result.state.point;
      return {
        title: 'Acknowledged ✓',
        body: point && point !== entry.email ? `${point} already has point.` : 'You have point.',
      };
    }
    case 'queued':
      return {
        title: 'Queued: no connection',
        body: `Your ${what} is saved on this device and sent as soon as there is signal.`,
      };
    case 'rejected':
      return { title: `Not sent: ${outcome.message}`, body: 'Open onpoint to see the incident.' };
    case 'logged_out':
      return { title: 'Not sent: you are logged out on this device', body: `Open onpoint and log in; your ${what} is kept.` };
  }
}

/**
 * Replaces the incident's notification with what became of the tap. A later outcome (sent once the
 * signal came back) only updates a notification still on screen, never brings back a dismissed one.
 */
export async function showNotificationOutcome(
  registration: ServiceWorkerRegistration,
  entry: OutboxEntry,
  outcome: NotificationOutcome,
  { onlyIfShown }: { onlyIfShown: boolean },
): Promise<void> {
  const tag = incidentTag(entry.incidentId);
  const [shown] = await registration.getNotifications({ tag });
  if (!shown && onlyIfShown) return;
  const data: NotificationData = (shown?.data as NotificationData | undefined) ?? {
    incidentId: entry.incidentId,
    url: `/incidents/${entry.incidentId}`,
    title: '',
  };
  const { title, body } = describe(entry, outcome);
  const options: PageNotificationOptions = {
    body: `${body} ${data.title}`.trim(),
    tag,
    renotify: false,
    requireInteraction: false,
    silent: true,
    data,
  };
  await registration.showNotification(title, options);
}
