import { clockOffText } from './device-time.js';
import type { TimelineEvent } from './timeline.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How long something took, the way a person says it: "4 min", "1 h 25 min". */
export function durationText(ms: number): string {
  if (ms < 30_000) return `${Math.round(ms / 1000)} s`;
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * One line a tired person can read: who did what, and how. The app's timeline and the postmortem
 * export say the same thing, each with its own way of naming people and showing times.
 */
export function describeTimelineEvent(
  event: TimelineEvent,
  how: { nameOf: (email: string) => string; time: (iso: string) => string },
): string {
  const clockOff = clockOffText(event);
  return clockOff ? `${describeWhat(event, how)} (${clockOff})` : describeWhat(event, how);
}

/** Who acted, by name: the event carries the name they had then, for someone no longer on the team. */
function personName(actor: { email: string; name: string }, nameOf: (email: string) => string): string {
  const named = nameOf(actor.email);
  return named === actor.email && actor.name ? actor.name : named;
}

function describeWhat(
  event: TimelineEvent,
  { nameOf, time }: { nameOf: (email: string) => string; time: (iso: string) => string },
): string {
  const actor = event.actor.kind === 'person' ? personName(event.actor, nameOf) : event.actor.name;
  const how = event.via === 'notification' ? ' from notification' : '';
  switch (event.type) {
    case 'triggered':
      return `${actor} opened the incident (${event.severity}, pages: ${event.pagingClass})${event.pagingReason ? ` — ${event.pagingReason}` : ''}`;
    case 'reclassified':
      return `${actor}: now pages ${event.pagingClass} — ${event.reason}`;
    case 'alerts_changed': {
      const parts = [];
      if (event.firing.length) parts.push(`${plural(event.firing.length, 'more alert')} firing`);
      if (event.resolved.length) parts.push(`${plural(event.resolved.length, 'alert')} resolved`);
      return `${actor}: ${parts.join(', ')}`;
    }
    case 'group_changed':
      return `${actor}: the group now has ${plural(event.alerts, 'alert')} firing${event.truncatedAlerts ? ` (${event.truncatedAlerts} left out of its message)` : ''} — now titled "${event.title}"`;
    case 'paged': {
      const verb = event.notice === 'quiet' ? 'quietly notified' : event.notice === 'point' ? 'told they have point:' : 'paged';
      return `${verb} ${nameOf(event.person)} · ${event.deviceName}`;
    }
    case 'push_failed':
      return `could not page ${nameOf(event.person)} · ${event.deviceName}: ${event.reason}${event.deviceRemoved ? ' (device removed)' : ''}`;
    case 'delivered':
      return `delivered to ${nameOf(event.person)} · ${event.deviceName}`;
    case 'not_paged':
      return event.pagesAt
        ? `not paged: ${event.reason} — pages at ${time(event.pagesAt)} if nobody has it by then`
        : `not paged: ${event.reason}`;
    case 'ack':
      return `${actor} acknowledged${how}`;
    case 'escalate':
      return `${actor} asked to escalate${how}`;
    case 'handoff':
      return `${actor} handed point to ${nameOf(event.to)}`;
    case 'join':
      return `${actor} joined to help`;
    case 'note':
      return `${actor}: ${event.text}`;
    case 'resolve':
      return event.actor.kind === 'system'
        ? `resolved by ${actor}`
        : `${actor} resolved${how}${event.note ? `: ${event.note}` : ''}`;
    case 'escalated': {
      const who = event.targets.length ? event.targets.map((e) => nameOf(e)).join(', ') : 'nobody (no one is on call there)';
      const paging = `paging ${who} (${event.label})`;
      if (event.reason === 'timeout') return `no ack in ${durationText(event.waitedMs ?? 0)} — ${paging}`;
      if (event.reason === 'working_hours') return `working hours started — ${paging}`;
      if (event.reason === 'unconfirmed' && !event.waitedMs) {
        return `${event.unconfirmed ?? 'the level before'} cannot be paged (no device with notifications on) — ${paging}`;
      }
      if (event.reason === 'unconfirmed') {
        return `no device of ${event.unconfirmed ?? 'the level before'} confirmed the page within ${durationText(event.waitedMs ?? 0)} — ${paging}`;
      }
      return paging;
    }
    case 'snooze':
      return `${actor} snoozed until ${time(event.until)}${how}`;
    case 'snooze_ended':
      return `snooze ended — paging ${nameOf(event.person)} again`;
    case 'reopen':
      return `${actor} reopened the incident`;
    case 'actionable':
      return `${actor} marked the page ${event.value ? 'actionable' : 'not actionable'}${event.reason ? `: ${event.reason}` : ''}`;
  }
}
