import type { ActionResult } from '../../shared/api.js';
import type { OutboxEntry } from '../offline/db.js';
import { showNotificationOutcome } from './notification-outcome.js';

/** How a sender finds the service worker's registration; null where there is none. */
export type RegistrationLookup = () => Promise<ServiceWorkerRegistration | null>;

/**
 * What happens once the server has an action, whoever sent it (a page or the service worker): a tap
 * on a notification updates that notification to say so, if it is still on screen.
 */
export async function afterSend(entry: OutboxEntry, result: ActionResult, registration: RegistrationLookup): Promise<void> {
  if (entry.action.via !== 'notification') return;
  const reg = await registration();
  if (reg) await showNotificationOutcome(reg, entry, { kind: 'sent', result }, { onlyIfShown: true });
}
