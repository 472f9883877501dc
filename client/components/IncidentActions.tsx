import { useState } from 'react';
import type { IncidentView } from '../../shared/api.js';
import { useIncidentAction, useOnCall, type Team } from '../queries.js';
import { HandoffList } from './HandoffList.js';
import { Button, ErrorText, inputClass } from './ui.js';

const NOUNS: Record<string, string> = {
  ack: 'acknowledgement',
  resolve: 'resolution',
  handoff: 'handoff',
  join: 'join',
  escalate: 'escalation',
  note: 'note',
};

/** What a responder can do on an open incident, one thumb, big targets. */
export function IncidentActions({ view, me, team }: { view: IncidentView; me: { email: string }; team: Team | undefined }) {
  const action = useIncidentAction(view.id);
  const { data: rotations } = useOnCall();
  const [note, setNote] = useState('');
  const [panel, setPanel] = useState<'none' | 'handoff' | 'resolve'>('none');
  const [resolution, setResolution] = useState('');
  const { state } = view;
  const youHavePoint = state.point === me.email;
  const lead = team?.people.find((p) => p.email === me.email)?.lead ?? false;
  const canHandOff = !state.point || youHavePoint || lead;
  const canJoin = !!state.point && !youHavePoint && !state.helpers.includes(me.email);

  return (
    <section aria-label="Actions" className="flex flex-col gap-3">
      {state.status === 'triggered' && (
        <Button
          kind="primary"
          className="min-h-16 text-xl"
          onClick={() => action.act({ type: 'ack' })}
          disabled={action.isPending}
        >
          Acknowledge
        </Button>
      )}
      <div className="grid grid-cols-2 gap-3">
        <Button onClick={() => action.act({ type: 'escalate' })} disabled={action.isPending}>
          Escalate
        </Button>
        <Button onClick={() => setPanel(panel === 'resolve' ? 'none' : 'resolve')} disabled={action.isPending}>
          Resolve…
        </Button>
        {canHandOff && (
          <Button onClick={() => setPanel(panel === 'handoff' ? 'none' : 'handoff')} disabled={action.isPending}>
            Hand off point
          </Button>
        )}
        {canJoin && (
          <Button onClick={() => action.act({ type: 'join' })} disabled={action.isPending}>
            Join to help
          </Button>
        )}
      </div>

      {panel === 'handoff' && team && (
        <HandoffList
          team={team}
          rotations={rotations}
          exclude={state.point}
          disabled={action.isPending}
          onCancel={() => setPanel('none')}
          onPick={(to) => action.act({ type: 'handoff', to }, { onSuccess: () => setPanel('none') })}
        />
      )}

      {panel === 'resolve' && (
        <form
          aria-label="Resolve"
          className="flex flex-col gap-2 rounded-2xl bg-slate-100 p-3 dark:bg-slate-900"
          onSubmit={(e) => {
            e.preventDefault();
            action.act({ type: 'resolve', note: resolution.trim() || undefined }, { onSuccess: () => setPanel('none') });
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
          <Button kind="primary" type="submit" disabled={action.isPending}>
            Resolve incident
          </Button>
        </form>
      )}

      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (note.trim()) action.act({ type: 'note', text: note.trim() }, { onSuccess: () => setNote('') });
        }}
      >
        <input
          aria-label="Note"
          placeholder="Add a note for the timeline"
          className={`${inputClass} flex-1`}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button type="submit" disabled={!note.trim() || action.isPending}>
          Add
        </Button>
      </form>
      {action.isPaused && (
        <p role="status" className="rounded-lg bg-amber-100 p-3 text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          No connection. Your {NOUNS[action.variables?.type ?? 'note']} is held here and sent as soon as you are back online; keep
          this screen open.
        </p>
      )}
      <ErrorText error={action.error} />
    </section>
  );
}
