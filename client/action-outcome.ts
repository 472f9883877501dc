import type { TimelineEvent } from '../shared/timeline.js';

/** One of a person's devices, as the pushes to it went. */
export interface DeviceOutcome {
  deviceId: string;
  name: string;
  status: 'sent' | 'delivered' | 'failed';
  /** Why the push service refused it, for `failed`. */
  reason?: string;
}

/** Someone the action pages: their devices, or that they have none. */
export interface PersonOutcome {
  person: string;
  devices: DeviceOutcome[];
  noDevice: boolean;
}

/** What became of this person's last Acknowledge, Escalate or Hand off. */
export interface ActionOutcome {
  action: TimelineEvent & { type: 'ack' | 'escalate' | 'handoff' };
  /** Who the action pages; null while onpoint has not said yet (Escalate waits for the level to be chosen). */
  paging: PersonOutcome[] | null;
  /** The level an escalation reached, in words ("Payments on-call secondary"). */
  level: string | null;
}

const isOutcomeAction = (e: TimelineEvent, me: string): e is ActionOutcome['action'] =>
  (e.type === 'ack' || e.type === 'escalate' || e.type === 'handoff') && e.actor.kind === 'person' && e.actor.email === me;

/**
 * Each target's devices from the pushes after the action, in the order the timeline tells them. A receipt
 * that names its push counts only for this action's pushes: a late one for an earlier page to the same
 * phone is not this page's. Older receipts name none and count for their device.
 */
function reachOf(targets: string[], events: TimelineEvent[], counts: (e: TimelineEvent & { type: 'paged' }) => boolean) {
  const people = new Map<string, PersonOutcome>(targets.map((t) => [t, { person: t, devices: [], noDevice: false }]));
  const ours = new Set(events.flatMap((e) => (e.type === 'paged' && e.pushId && counts(e) ? [e.pushId] : [])));
  for (const event of events) {
    if (event.type === 'not_paged') {
      const person = event.person && people.get(event.person);
      if (person) person.noDevice = true;
      continue;
    }
    if (event.type !== 'paged' && event.type !== 'delivered' && event.type !== 'push_failed') continue;
    const person = people.get(event.person);
    if (!person) continue;
    if (event.type === 'paged' && !counts(event)) continue;
    if (event.type === 'delivered' && event.pushId !== undefined && !ours.has(event.pushId)) continue;
    const device = person.devices.find((d) => d.deviceId === event.deviceId);
    const status = event.type === 'paged' ? 'sent' : event.type === 'delivered' ? 'delivered' : 'failed';
    // A receipt outranks the "sent" it confirms, whichever the timeline shows first.
    if (device && !(status === 'sent' && device.status === 'delivered')) {
      device.status = status;
      device.reason = event.type === 'push_failed' ? event.reason : undefined;
    } else if (!device) {
      // A receipt can be recorded before the push service's answer that makes the "sent" line.
      person.devices.push({
        deviceId: event.deviceId,
        name: event.deviceName,
        status,
        ...(event.type === 'push_failed' ? { reason: event.reason } : {}),
      });
    }
  }
  return [...people.values()];
}

/**
 * The outcome card's content: who this person's last action pages and how far each page got, from the
 * timeline after it, so live receipts move it on. Acknowledge pages nobody; Escalate pages the level its
 * `escalated` line names (until the next level takes over); Hand off tells the new point person.
 */
export function actionOutcome(timeline: readonly TimelineEvent[], me: string): ActionOutcome | null {
  const index = timeline.findLastIndex((e) => isOutcomeAction(e, me));
  if (index < 0) return null;
  const action = timeline[index] as ActionOutcome['action'];
  const after = timeline.slice(index + 1);
  if (action.type === 'ack') return { action, paging: [], level: null };
  if (action.type === 'handoff') {
    return { action, paging: reachOf([action.to], after, (e) => e.notice === 'point'), level: null };
  }
  const start = after.findIndex((e) => e.type === 'escalated' && e.reason === 'request');
  if (start < 0) return { action, paging: null, level: null };
  const escalated = after[start] as TimelineEvent & { type: 'escalated' };
  const rest = after.slice(start + 1);
  const end = rest.findIndex((e) => e.type === 'escalated');
  return {
    action,
    paging: reachOf(escalated.targets, end < 0 ? rest : rest.slice(0, end), (e) => e.notice === undefined),
    level: escalated.label,
  };
}

/** The handoff that gave this person point, while they still have it: what their banner says. */
export function handoffToMe(timeline: readonly TimelineEvent[], me: string): (TimelineEvent & { type: 'handoff' }) | null {
  const last = timeline.findLast((e) => e.type === 'handoff');
  return last?.type === 'handoff' && last.to === me && last.actor.kind === 'person' && last.actor.email !== me ? last : null;
}
