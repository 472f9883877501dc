import type { IncidentStatus } from '../../shared/reducer.js';
import { levelOf, nextStep, type Policy } from './policy.js';

/** A timer at this step has paged nobody yet: its incident was just opened (or its class just rose). */
export const NOT_STARTED = -2;
/** A quiet incident's timer waits here for working hours, before its climb starts at step 0. */
export const WAITING_FOR_WORKING_HOURS = -1;
/** An acknowledged incident's point person snoozed it: when the timer comes due, they are paged again. */
export const SNOOZED = -3;

/** What to page now and when to look again. */
export interface ClimbMove {
  pageStep: number;
  /** When the next step is due, from now; null when nothing more is due (acknowledged). */
  nextInMs: number | null;
}

/** A paging incident starts at step 0, and the next step is due after that level's delay. */
export function start(policy: Policy): ClimbMove {
  return { pageStep: 0, nextInMs: levelOf(policy, 0).delayMs };
}

/**
 * The timer of step `step` came due. Only an incident nobody acknowledged climbs; past the last
 * step the last level is paged again, at its delay, until someone answers.
 */
export function onTimeout(policy: Policy, status: IncidentStatus, step: number): ClimbMove | null {
  if (status !== 'triggered') return null;
  const pageStep = nextStep(policy, step);
  return { pageStep, nextInMs: levelOf(policy, pageStep).delayMs };
}

/**
 * Someone asked for help: the next level is paged at once, acknowledged or not. An unacknowledged
 * incident keeps climbing from there; an acknowledged one does not.
 */
export function onRequest(policy: Policy, status: IncidentStatus, step: number): ClimbMove | null {
  if (status === 'resolved') return null;
  // Before its first page (just opened, or waiting for working hours) the next level is the first.
  const pageStep = step < 0 ? 0 : nextStep(policy, step);
  return { pageStep, nextInMs: status === 'triggered' ? levelOf(policy, pageStep).delayMs : null };
}

/**
 * No device of the level paged at `step` confirmed the page in time: the next level is paged at once, as if
 * its wait had run out. An acknowledged incident does not climb.
 */
export function onConfirmMissed(policy: Policy, status: IncidentStatus, step: number): ClimbMove | null {
  return onTimeout(policy, status, step);
}
