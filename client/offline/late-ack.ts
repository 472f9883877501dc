import type { TimelineEvent } from '../../shared/timeline.js';

export interface LateAck {
  /** The acknowledgement that took point. */
  first: TimelineEvent;
  /** This person's, which came after it (or is still queued). */
  mine: TimelineEvent;
}

/**
 * Someone else acknowledged before this person's acknowledgement reached the server (typically while
 * it waited in the outbox with no signal). Both stay on the timeline and the first keeps point; the
 * screen says so instead of leaving the person to wonder why they do not have point.
 */
export function findLateAck(timeline: readonly TimelineEvent[], email: string): LateAck | null {
  const isMine = (e: TimelineEvent) => e.actor.kind === 'person' && e.actor.email === email;
  const acks = timeline.filter((e) => e.type === 'ack');
  const first = acks[0];
  const mine = acks.find(isMine);
  if (!first || !mine || isMine(first)) return null;
  // A handoff since then settled who has point; the race no longer needs explaining.
  if (timeline.some((e) => e.type === 'handoff' && e.seq > first.seq)) return null;
  return { first, mine };
}
