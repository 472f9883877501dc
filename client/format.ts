import type { Team } from '../shared/api.js';
import { describeTimelineEvent } from '../shared/describe-event.js';
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
  return shortDate(iso);
}

/** "03:12" today, "Fri 03:12" another day: when something happened, in the person's own time zone. */
export function shortTime(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  const today = date.toDateString() === new Date(now).toDateString();
  return date.toLocaleString([], { ...(today ? {} : { weekday: 'short' }), hour: '2-digit', minute: '2-digit' });
}

/** "Nov 29", in the person's own time zone. */
export function shortDate(iso: string): string {
  return new Date(iso).toLocaleDateString([], { month: 'short', day: 'numeric' });
}

/** "Nov 29, 04:12", in the person's own time zone. */
export function dateAndTime(iso: string): string {
  return new Date(iso).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "Fri 12:00" in the person's own time zone. */
export function handoffTime(iso: string): string {
  return new Date(iso).toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

/** Names the timeline's own events give people (each action carries its author's name), by email. */
export function namesOnTimeline(events: readonly TimelineEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const { actor } of events) if (actor.kind === 'person' && actor.name) names.set(actor.email, actor.name);
  return names;
}

/**
 * One line a tired person can read: who did what, and how (names and times as this device shows them).
 * People are named from the team, else from the timeline itself, so an email shows only for a stranger.
 */
export function describeEvent(event: TimelineEvent, team: Team | undefined, known = new Map<string, string>()): string {
  const name = (email: string) => team?.people.find((p) => p.email === email)?.name ?? known.get(email) ?? email;
  // "until 04:15" today, "pages at Mon 09:00" another day.
  return describeTimelineEvent(event, { nameOf: name, time: (iso) => shortTime(iso) });
}
