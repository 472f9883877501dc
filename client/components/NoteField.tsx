import { useState } from 'react';
import { NOTE_MAX_LENGTH } from '../../shared/actions.js';
import { useIncidentAction, useOutbox } from '../outbox/hooks.js';
import { dismissRejected } from '../outbox/queue.js';
import { Button, inputClass } from './ui.js';

const count = (n: number) => n.toLocaleString('en');

/**
 * A note for the timeline. Counts down to the server's limit and never takes a note it would refuse,
 * and a note refused all the same (a note written on an incident resolved meanwhile) can be put back
 * here: text typed at 3 a.m. is never lost.
 */
export function NoteField({ incidentId }: { incidentId: string }) {
  const action = useIncidentAction(incidentId);
  const [note, setNote] = useState('');
  const refused = useOutbox().find((e) => e.incidentId === incidentId && e.rejected && e.action.type === 'note');
  const length = note.trim().length;
  const over = length - NOTE_MAX_LENGTH;
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!length || over > 0) return;
        action.act({ type: 'note', text: note.trim() });
        setNote('');
      }}
    >
      <textarea
        aria-label="Note"
        aria-describedby="note-count"
        placeholder="Add a note for the timeline"
        rows={2}
        className={`${inputClass} py-3`}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="flex items-center gap-3">
        <p
          id="note-count"
          aria-live="polite"
          className={`flex-1 text-sm ${over > 0 ? 'font-semibold text-red-700 dark:text-red-300' : 'text-muted'}`}
        >
          {over > 0
            ? `${count(length)} / ${count(NOTE_MAX_LENGTH)} characters: ${count(over)} too many to add`
            : `${count(length)} / ${count(NOTE_MAX_LENGTH)} characters`}
        </p>
        <Button type="submit" disabled={!length || over > 0}>
          Add
        </Button>
      </div>
      {refused && refused.action.type === 'note' && (
        <Button
          onClick={() => {
            if (refused.action.type !== 'note') return;
            setNote(note ? `${note}\n${refused.action.text}` : refused.action.text);
            void dismissRejected(refused.id);
          }}
        >
          Put the note that was not recorded back here
        </Button>
      )}
    </form>
  );
}
