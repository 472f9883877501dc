import type { Team } from './queries.js';
import type { TimelineEvent } from '../shared/timeline.js';

export function nameOf(team: Team | undefined, email: string | null): string {
  if (!email) return 'nobody';
  return team?.people.find((p) => p.email === email)?.name ?? email;
}

export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(iso).toLocaleDateString([], { month: 'short', day: 'numeric' });
}

/** "Fri 12:00" in the person's own time zone. */
export function handoffTime(iso: string): string {
  return new Date(iso).toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line a tired person can read: who did what, and how. */
export function describeEvent(event: TimelineEvent, team: Team | undefined): string {
  const actor = event.actor.kind === 'person' ? nameOf(team, event.actor.email) : event.actor.name;
  const how = event.via === 'notification' ? ' from notification' : '';
  switch (event.type) {
    case 'triggered':
      return `${actor} opened the incident (${event.severity}, pages: ${event.pagingClass})`;
    case 'alerts_changed': {
      const parts = [];
      if (event.firing.length) parts.push(`${plural(event.firing.length, 'more alert')} firing`);
      if (event.resolved.length) parts.push(`${plural(event.resolved.length, 'alert')} resolved`);
      return `${actor}: ${parts.join(', ')}`;
    }
    case 'paged': {
      const verb = event.notice === 'quiet' ? 'quietly notified' : event.notice === 'point' ? 'told they have point:' : 'paged';
      return `${verb} ${nameOf(team, event.person)} · ${event.deviceName}`;
    }
    case 'push_failed':
      return `could not page ${nameOf(team, event.person)} · ${event.deviceName}: ${event.reason}${event.deviceRemoved ? ' (device removed)' : ''}`;
    case 'delivered':
      return `delivered to ${nameOf(team, event.person)} · ${event.deviceName}`;
    case 'not_paged':
      return event.pagesAt
        ? `not paged: ${event.reason} — pages at ${handoffTime(event.pagesAt)} if nobody has it by then`
        : `not paged: ${event.reason}`;
    case 'ack':
      return `${actor} acknowledged${how}`;
    case 'escalate':
      return `${actor} asked to escalate${how}`;
    case 'handoff':
      return `${actor} handed point to ${nameOf(team, event.to)}`;
    case 'join':
      return `${actor} joined to help`;
    case 'note':
      return `${actor}: ${event.text}`;
    case 'resolve':
      return event.actor.kind === 'system'
        ? `resolved by ${actor}`
        : `${actor} resolved${how}${event.note ? `: ${event.note}` : ''}`;
    case 'escalated': {
      const who = event.targets.length
        ? event.targets.map((e) => nameOf(team, e)).join(', ')
        : 'nobody (no one is on call there)';
      const paging = `paging ${who} (${event.label})`;
      if (event.reason === 'timeout') return `no ack in ${Math.round((event.waitedMs ?? 0) / 60_000)} min — ${paging}`;
      if (event.reason === 'working_hours') return `working hours started — ${paging}`;
      return paging;
    }
    case 'actionable':
      return `${actor} marked the page ${event.value ? 'actionable' : 'not actionable'}${event.reason ? `: ${event.reason}` : ''}`;
  }
}
