import { useState } from 'react';
import { reviewerOf } from '../../shared/permissions.js';
import type { IncidentState } from '../../shared/reducer.js';
import { nameOf } from '../format.js';
import { useIncidentAction } from '../outbox/hooks.js';
import type { Team } from '../../shared/api.js';
import { Button, inputClass } from './ui.js';

/**
 * After an incident: was it worth waking someone for? The point person answers (and may change it);
 * the answers make the alert-quality numbers on the Insights screen.
 */
export function ReviewPrompt({
  incidentId,
  state,
  me,
  team,
}: {
  incidentId: string;
  state: IncidentState;
  me: string;
  team: Team | undefined;
}) {
  const action = useIncidentAction(incidentId);
  const [changing, setChanging] = useState(false);
  const [reason, setReason] = useState('');
  const answerer = reviewerOf(state);
  const mine = answerer === me;
  const answered = state.actionable !== null;

  if (answered && !changing) {
    return (
      <section aria-label="Review" className="flex items-center gap-3 rounded-2xl bg-slate-100 p-4 dark:bg-slate-900">
        <p className="flex-1" data-testid="actionable-answer">
          {state.actionable ? 'The page was actionable.' : 'The page was not actionable.'}
        </p>
        {mine && <Button onClick={() => setChanging(true)}>Change</Button>}
      </section>
    );
  }
  if (!mine) {
    return answerer ? (
      <p className="rounded-2xl bg-slate-100 p-4 dark:bg-slate-900">
        Waiting for {nameOf(team, answerer)} to say whether the page was actionable.
      </p>
    ) : null;
  }
  const answer = (value: boolean) => {
    action.act({ type: 'actionable', value, reason: reason.trim() || undefined });
    setChanging(false);
  };
  return (
    <section
      aria-label="Review"
      className="flex flex-col gap-3 rounded-2xl bg-sky-100 p-4 text-sky-950 dark:bg-sky-950 dark:text-sky-50"
    >
      <h2 className="text-lg font-semibold">Was this page actionable?</h2>
      <input
        aria-label="Why (optional)"
        placeholder="Why? (optional)"
        className={`${inputClass} text-slate-900 dark:text-slate-100`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <div className="grid grid-cols-2 gap-3">
        <Button kind="primary" onClick={() => answer(true)}>
          Yes, actionable
        </Button>
        <Button onClick={() => answer(false)}>No, not actionable</Button>
      </div>
    </section>
  );
}
