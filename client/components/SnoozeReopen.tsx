import type { Team } from '../../shared/api.js';
import { canReopen, canSnooze } from '../../shared/permissions.js';
import type { IncidentState } from '../../shared/reducer.js';
import type { TimelineEvent } from '../../shared/timeline.js';
import { useNow } from '../connection.js';
import { nameOf, shortTime } from '../format.js';
import { useIncidentAction } from '../outbox/hooks.js';
import { ConfirmButton } from './ConfirmButton.js';
import { Button, ErrorText } from './ui.js';

const SNOOZES = [
  { label: '30 min', ms: 30 * 60_000 },
  { label: '1 h', ms: 60 * 60_000 },
  { label: '4 h', ms: 4 * 60 * 60_000 },
];

/** The snooze still running: the latest one, unless an acknowledgement, its own end or a resolve came after it. */
function runningSnooze(timeline: readonly TimelineEvent[], now: number): string | null {
  const last = timeline.findLast((e) => ['snooze', 'snooze_ended', 'ack', 'resolve', 'reopen'].includes(e.type));
  return last?.type === 'snooze' && Date.parse(last.until) > now ? last.until : null;
}

/**
 * "Not now, but do not let me forget": an acknowledged incident's point person (or a lead) snoozes it and is
 * paged again when the snooze ends, if it is still open; anyone reopens a resolved incident, which pages again.
 */
export function SnoozeReopen({
  incidentId,
  state,
  timeline,
  me,
  team,
}: {
  incidentId: string;
  state: IncidentState;
  timeline: readonly TimelineEvent[];
  me: { email: string };
  team: Team | undefined;
}) {
  const action = useIncidentAction(incidentId);
  // Looks again now and then: "Snoozed until" goes once the snooze is over.
  const now = useNow();
  const lead = team?.people.find((p) => p.email === me.email)?.lead ?? false;

  if (canReopen(state)) {
    return (
      <section aria-label="Reopen" className="flex flex-col gap-2">
        {/* It wakes someone: a stray tap on a resolved incident only asks. */}
        <ConfirmButton
          label="Reopen…"
          question="Reopen it? The on-call person is paged again, as for a new incident."
          confirmLabel="Reopen and page"
          onConfirm={() => action.act({ type: 'reopen' })}
        />
        <ErrorText error={action.error} />
      </section>
    );
  }
  if (!canSnooze(state, { email: me.email, lead })) return null;
  const until = runningSnooze(timeline, now);
  const mine = state.point === me.email;
  const who = nameOf(team, state.point);
  return (
    <section aria-labelledby="snooze-heading" className="flex flex-col gap-2">
      <h2 id="snooze-heading" className="font-medium">
        {until
          ? `Snoozed until ${shortTime(until)}, then ${mine ? 'you are' : `${who} is`} paged again`
          : `Snooze: page ${mine ? 'me' : who} again in`}
      </h2>
      <div className="grid grid-cols-3 gap-2">
        {SNOOZES.map(({ label, ms }) => (
          <Button
            key={label}
            className="px-2"
            onClick={() => action.act({ type: 'snooze', until: new Date(Date.now() + ms).toISOString() })}
          >
            <span className="sr-only">Snooze </span>
            {label}
          </Button>
        ))}
      </div>
      <ErrorText error={action.error} />
    </section>
  );
}
