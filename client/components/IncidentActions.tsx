import { useState } from 'react';
import { canHandOff } from '../../shared/permissions.js';
import type { IncidentState } from '../../shared/reducer.js';
import type { Team } from '../../shared/api.js';
import { escalateButton } from '../escalate-to.js';
import { nameOf } from '../format.js';
import { useIncidentAction } from '../outbox/hooks.js';
import { useEscalationNow, useOnCall } from '../queries.js';
import { HandoffList } from './HandoffList.js';
import { Button, ErrorText } from './ui.js';

/**
 * What a responder does on an open incident, in a bar at the bottom of the screen where a thumb reaches:
 * Acknowledge biggest and lowest, Escalate saying who it pages. Resolve is elsewhere on the screen, away
 * from Escalate. Every action goes to the outbox and shows at once, so nothing here waits for the network.
 */
export function IncidentActions({
  incidentId,
  state,
  me,
  team,
}: {
  incidentId: string;
  state: IncidentState;
  me: { email: string };
  team: Team | undefined;
}) {
  const action = useIncidentAction(incidentId);
  const { data: rotations } = useOnCall();
  const { data: escalation } = useEscalationNow();
  const [handingOff, setHandingOff] = useState(false);
  const youHavePoint = state.point === me.email;
  const lead = team?.people.find((p) => p.email === me.email)?.lead ?? false;
  const canJoin = !!state.point && !youHavePoint && !state.helpers.includes(me.email);
  const escalate = escalateButton(state.escalationStep, escalation, me.email, (email) => nameOf(team, email));

  return (
    <section
      aria-label="Actions"
      className="fixed inset-x-0 bottom-0 z-10 border-t border-slate-200 bg-white/95 pt-3 pr-[max(0.75rem,env(safe-area-inset-right))] pb-[max(0.75rem,env(safe-area-inset-bottom))] pl-[max(0.75rem,env(safe-area-inset-left))] backdrop-blur dark:border-slate-800 dark:bg-[#0b0f17]/95"
    >
      <div className="mx-auto flex max-w-2xl flex-col gap-2">
        {handingOff && team && (
          <div className="max-h-[60vh] overflow-y-auto">
            <HandoffList
              team={team}
              rotations={rotations}
              exclude={state.point}
              onCancel={() => setHandingOff(false)}
              onPick={(to) => {
                action.act({ type: 'handoff', to });
                setHandingOff(false);
              }}
            />
          </div>
        )}
        <ErrorText error={action.error} />
        <div className="flex gap-2">
          <Button
            className="flex-1 px-3 leading-tight"
            disabled={!escalate.pagesSomeone}
            onClick={() => action.act({ type: 'escalate' })}
          >
            {escalate.label}
          </Button>
          {canHandOff(state, { email: me.email, lead }) && (
            <Button className="flex-1 px-3 leading-tight" onClick={() => setHandingOff(!handingOff)}>
              Hand off point
            </Button>
          )}
          {canJoin && (
            <Button className="flex-1 px-3 leading-tight" onClick={() => action.act({ type: 'join' })}>
              Join to help
            </Button>
          )}
        </div>
        {state.status === 'triggered' && (
          <Button kind="primary" className="min-h-16 text-xl" onClick={() => action.act({ type: 'ack' })}>
            Acknowledge
          </Button>
        )}
      </div>
    </section>
  );
}
