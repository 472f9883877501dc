import { useState } from 'react';
import { useIncidentAction } from '../outbox/hooks.js';
import { NoteField } from './NoteField.js';
import { Button, ErrorText, inputClass } from './ui.js';

/** The slower actions, in the screen's flow rather than the thumb bar: a note for the timeline, and Resolve. */
export function ResolveAndNote({ incidentId }: { incidentId: string }) {
  const action = useIncidentAction(incidentId);
  const [resolving, setResolving] = useState(false);
  const [resolution, setResolution] = useState('');

  return (
    <div className="flex flex-col gap-3">
      <NoteField incidentId={incidentId} />
      {resolving ? (
        <form
          aria-label="Resolve"
          className="flex flex-col gap-2 rounded-2xl bg-slate-100 p-3 dark:bg-slate-900"
          onSubmit={(e) => {
            e.preventDefault();
            action.act({ type: 'resolve', note: resolution.trim() || undefined });
            setResolving(false);
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
          <div className="grid grid-cols-2 gap-2">
            <Button kind="primary" type="submit">
              Resolve incident
            </Button>
            <Button onClick={() => setResolving(false)}>Cancel</Button>
          </div>
        </form>
      ) : (
        <Button onClick={() => setResolving(true)}>Resolve…</Button>
      )}
      <ErrorText error={action.error} />
    </div>
  );
}
