import type { ActionBody } from '../../shared/actions.js';
import type { ActionResult } from '../../shared/api.js';
import { openOnpointDb, type OutboxEntry } from '../offline/db.js';
import { sendPendingRegistration, type RegistrationOutcome } from './device-registration.js';
import { afterSend, type RegistrationLookup } from './after-send.js';
import { announceOutboxChange } from './channel.js';
import { sendAction, type SendOutcome } from './send-action.js';

/**
 * The outbox: every action is written here first and sent from here, by the page or by the service
 * worker, whichever gets the chance, and with them this device's new push subscription if one waits.
 * An entry leaves only when the server has it (or refused it for good, and the person has seen why),
 * so nothing tapped is lost to a dead connection or a closed tab.
 */

export async function enqueueAction(incidentId: string, email: string, action: ActionBody): Promise<OutboxEntry> {
  const entry: OutboxEntry = {
    id: action.id,
    incidentId,
    email,
    action,
    queuedAt: new Date().toISOString(),
    order: performance.timeOrigin + performance.now(),
    rejected: null,
  };
  await (await openOnpointDb()).put('outbox', entry);
  announceOutboxChange();
  return entry;
}

/** Oldest first: the order the person acted in. */
export async function listOutbox(): Promise<OutboxEntry[]> {
  return (await openOnpointDb()).getAllFromIndex('outbox', 'order');
}

/** The person has read why a refused action was not recorded. */
export async function dismissRejected(id: string): Promise<void> {
  await (await openOnpointDb()).delete('outbox', id);
  announceOutboxChange();
}

export interface FlushReport {
  sent: { entry: OutboxEntry; result: ActionResult }[];
  rejected: OutboxEntry[];
  /** Why sending stopped with entries still waiting, if it did. */
  stoppedBy: Exclude<SendOutcome['kind'], 'sent' | 'rejected'> | null;
  /** Entries of this person still waiting to be sent (a device registration waiting counts as one). */
  waiting: number;
  /** This device's new push subscription, if one was waiting: what became of it. */
  device: RegistrationOutcome['kind'] | null;
}

export interface FlushOptions {
  /** Only this person's actions go out under this session; null sends nothing. */
  email: string | null;
  /** The service worker's registration, to update the notification a tap came from (see after-send.ts). */
  registration?: RegistrationLookup;
  send?: typeof sendAction;
  /** Called as each action reaches the server, before the next is sent. */
  onSent?: (entry: OutboxEntry, result: ActionResult) => Promise<void> | void;
  registerDevice?: typeof sendPendingRegistration;
}

const noRegistration: RegistrationLookup = () => Promise.resolve(null);

/** Two flushers (tabs, the page and the worker) take turns, so each action goes out once from here. */
async function exclusively<T>(work: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request('onpoint-outbox', work) : work();
}

/**
 * Sends waiting actions in the order they were taken (an ack before the handoff that needs it) and
 * stops at the first that cannot get through, to try again later. The server ignores an action id
 * it already has, so a send that was answered but not heard back is safe to repeat.
 */
export function flushOutbox({
  email,
  registration = noRegistration,
  send = sendAction,
  onSent,
  registerDevice = sendPendingRegistration,
}: FlushOptions): Promise<FlushReport> {
  return exclusively(async () => {
    const report: FlushReport = { sent: [], rejected: [], stoppedBy: null, waiting: 0, device: null };
    if (!email) return report;
    // A subscription the browser rotated goes first: until the server has it, no page reaches this device.
    const device = await registerDevice(email).catch((err: unknown) => {
      // Never in the way of the actions.
      console.warn('onpoint: could not send the new push subscription', err);
      return null;
    });
    report.device = device?.kind ?? null;
    const db = await openOnpointDb();
    const mine = (await db.getAllFromIndex('outbox', 'order')).filter((e) => e.email === email && !e.rejected);
    for (const [index, entry] of mine.entries()) {
      const outcome = await send(entry.incidentId, entry.action);
      if (outcome.kind === 'sent') {
        await db.delete('outbox', entry.id);
        report.sent.push({ entry, result: outcome.result });
        await onSent?.(entry, outcome.result);
        await afterSend(entry, outcome.result, registration);
      } else if (outcome.kind === 'rejected') {
        const rejected = { ...entry, rejected: { status: outcome.status, message: outcome.message } };
        await db.put('outbox', rejected);
        report.rejected.push(rejected);
      } else {
        report.stoppedBy = outcome.kind;
        report.waiting = mine.length - index;
        break;
      }
    }
    if (device && device.kind !== 'registered' && device.kind !== 'rejected') {
      report.waiting += 1;
      report.stoppedBy ??= device.kind;
    }
    if (report.sent.length || report.rejected.length) announceOutboxChange();
    return report;
  });
}
