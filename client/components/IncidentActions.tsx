import { useState } from 'react';
import { canHandOff } from '../../shared/permissions.js';
import type { IncidentState } from '../../shared/reducer.js';
import { useIncidentAction } from '../outbox/hooks.js';
import type { Team } from '../../shared/api.js';
import { useOnCall } from '../queries.js';
import { HandoffList } from './HandoffList.js';
import { NoteField } from './NoteField.js';
import { Button, ErrorText, inputClass } from './ui.js';

/**
 * What a responder can do on an open incident, one thumb, big targets. Every action goes to the
 * outbox and shows at once, so nothing here waits for the network.
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
  const [panel, setPanel] = useState<'none' | 'handoff' | 'resolve'>('none');
  const [resolution, setResolution] = useState('');
  const youHavePoint = state.point === me.email;
  const lead = team?.people.find((p) => p.email === me.email)?.lead ?? false;
  const canJoin = !!state.point && !youHavePoint && !state.helpers.includes(me.email);

  return (
    <section aria-label="Actions" className="flex flex-col gap-3">
      {state.status === 'triggered' && (
        <Button kind="primary" className="min-h-16 text-xl" onClick={() => action.act({ type: 'ack' })}>
          Acknowledge
        </Button>
      )}
      <div className="grid grid-cols-2 gap-3">
        <Button onClick={() => action.act({ type: 'escalate' })}>Escalate</Button>
        <Button onClick={() => setPanel(panel === 'resolve' ? 'none' : 'resolve')}>Resolve…</Button>
        {canHandOff(state, { email: me.email, lead }) && (
          <Button onClick={() => setPanel(panel === 'handoff' ? 'none' : 'handoff')}>Hand off point</Button>
        )}
        {canJoin && <Button onClick={() => action.act({ type: 'join' })}>Join to help</Button>}
      </div>

      {panel === 'handoff' && team && (
        <HandoffList
          team={team}
          rotations={rotations}
          exclude={state.point}
          onCancel={() => setPanel('none')}
          onPick={(to) => {
            action.act({ type: 'handoff', to });
            setPanel('none');
          }}
        />
      )}

      {panel === 'resolve' && (
        <form
          aria-label="Resolve"
          className="flex flex-col gap-2 rounded-2xl bg-slate-100 p-3 dark:bg-slate-900"
          onSubmit={(e) => {
            e.preventDefault();
            action.act({ type: 'resolve', note: resolution.trim() || undefined });
            setPanel('none');
          }}
        >
          <label className="flex flex-col gap-1">
            <span className="font-medium">How was it resolved? (optional)</span>
            <textarea
              className={`${inputClass} min-h-24 py-3`}
              value={resolution}
              onChange={(e) => setResolution(e.target.value)}
            />
          </label>
          <Button kind="primary" type="submit">
            Resolve incident
          </Button>
        </form>
      )}

      <NoteField incidentId={incidentId} />
      <ErrorText error={action.error} />
    </section>
  );
}
