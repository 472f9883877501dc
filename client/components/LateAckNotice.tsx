import { clockTime, nameOf } from '../format.js';
import { findLateAck } from '../offline/late-ack.js';
import type { Team } from '../../shared/api.js';
import type { TimelineEvent } from '../../shared/timeline.js';

/** Explains why this person acknowledged but someone else has point: they got there first. */
export function LateAckNotice({
  timeline,
  queued,
  me,
  team,
}: {
  timeline: TimelineEvent[];
  queued: Set<string>;
  me: string;
  team: Team | undefined;
}) {
  const late = findLateAck(timeline, me);
  if (!late) return null;
  const who = late.first.actor.kind === 'person' ? nameOf(team, late.first.actor.email) : late.first.actor.name;
  const yours = queued.has(late.mine.id)
    ? 'yours is queued on this device and will be added to the timeline'
    : `yours (tapped ${clockTime(late.mine.occurredAt)}) reached onpoint after that and is on the timeline too`;
  return (
    <p role="status" data-testid="late-ack" className="rounded-lg bg-sky-100 p-3 text-sky-950 dark:bg-sky-950 dark:text-sky-100">
      <strong>{who} acknowledged first</strong> ({clockTime(late.first.occurredAt)}) and has point; {yours}. Join to help, or ask{' '}
      {who} to hand off point.
    </p>
  );
}
