import type { IncidentState } from './reducer.js';

/**
 * Who may do what on an incident. One set of rules for the server, which enforces them, and the app,
 * which offers a button only to those the server would not refuse.
 */

export interface Person {
  email: string;
  lead: boolean;
}

/**
 * Why a handoff would be refused:
 * - `already_point`: the person it would go to has point already.
 * - `nobody_on_point`: nobody has point yet; it is taken by acknowledging, or assigned by a lead.
 * - `not_point`: someone else has point; only they or a lead move it.
 */
export type HandoffRefusal = 'already_point' | 'nobody_on_point' | 'not_point';

/** Whether `person` may hand point to `to` (or to anyone else, without `to`). */
export function handoffRefusal(state: Pick<IncidentState, 'point'>, person: Person, to?: string): HandoffRefusal | null {
  if (to !== undefined && to === state.point) return 'already_point';
  if (person.lead || state.point === person.email) return null;
  return state.point === null ? 'nobody_on_point' : 'not_point';
}

export function canHandOff(state: Pick<IncidentState, 'point'>, person: Person, to?: string): boolean {
  return handoffRefusal(state, person, to) === null;
}

/**
 * Who answers "Was this page actionable?" once it is resolved: whoever had point, else whoever resolved it.
 * Null when nobody acted (the alert resolved by itself): no one is asked, Insights counts it apart.
 */
export function reviewerOf(state: Pick<IncidentState, 'point' | 'resolvedBy'>): string | null {
  return state.point ?? (state.resolvedBy?.kind === 'person' ? state.resolvedBy.email : null);
}

/**
 * Why an answer to "Was this page actionable?" would be refused:
 * - `not_resolved`: it is asked once the incident is resolved.
 * - `not_reviewer`: only the reviewer (see reviewerOf) or a lead answers; anyone may when nobody acted
 *   or the reviewer has left the team, so the question never goes unanswerable.
 */
export type ReviewRefusal = 'not_resolved' | 'not_reviewer';

export function reviewRefusal(
  state: Pick<IncidentState, 'status' | 'point' | 'resolvedBy'>,
  person: Person,
  team: readonly { email: string }[],
): ReviewRefusal | null {
  if (state.status !== 'resolved') return 'not_resolved';
  const reviewer = reviewerOf(state);
  const onTeam = team.some((p) => p.email === reviewer);
  return onTeam && reviewer !== person.email && !person.lead ? 'not_reviewer' : null;
}

/** A snooze's length: long enough to mean something, short enough that nothing is forgotten overnight and longer. */
export const SNOOZE_MIN_MS = 60_000;
export const SNOOZE_MAX_MS = 24 * 60 * 60_000;

/**
 * Why a snooze would be refused:
 * - `not_acknowledged`: only an acknowledged, open incident is snoozed (an unacknowledged one is still climbing).
 * - `not_point`: only the point person or a lead snoozes: the re-page goes to the point person.
 */
export type SnoozeRefusal = 'not_acknowledged' | 'not_point';

export function snoozeRefusal(state: Pick<IncidentState, 'status' | 'point'>, person: Person): SnoozeRefusal | null {
  if (state.status !== 'acknowledged') return 'not_acknowledged';
  return person.lead || state.point === person.email ? null : 'not_point';
}

export function canSnooze(state: Pick<IncidentState, 'status' | 'point'>, person: Person): boolean {
  return snoozeRefusal(state, person) === null;
}

/** Anyone on the team reopens a resolved incident; an open one has nothing to reopen. */
export function canReopen(state: Pick<IncidentState, 'status'>): boolean {
  return state.status === 'resolved';
}
