import { useState } from 'react';
import { AlertDetails } from '../components/AlertDetails.js';
import { PlaybookView } from '../components/PlaybookView.js';
import { Timeline } from '../components/Timeline.js';
import { TopBar } from '../components/TopBar.js';
import { Button, ErrorText, SeverityBadge, StatusText } from '../components/ui.js';
import { nameOf } from '../format.js';
import { useIncident, useIncidentAction, useMe, useTeam } from '../queries.js';

export function IncidentScreen({ id }: { id: string }) {
  const incident = useIncident(id);
  const { data: team } = useTeam();
  const { data: me } = useMe();
  const action = useIncidentAction(id);
  const [note, setNote] = useState('');

  if (incident.error) {
    return (
      <>
        <TopBar title="Incident" back="/" />
        <main className="p-3">
          <ErrorText error={incident.error} />
        </main>
      </>
    );
  }
  if (!incident.data) {
    return (
      <>
        <TopBar title="Incident" back="/" />
        <p className="p-4 text-slate-500">Loading…</p>
      </>
    );
  }
  const view = incident.data;
  const { state } = view;
  const open = state.status !== 'resolved';
  const youHavePoint = !!me && state.point === me.email;

  return (
    <>
      <TopBar title={view.title} back="/" />
      <main className="mx-auto flex max-w-2xl flex-col gap-4 p-3 pb-10">
        <section aria-label="Status" className="flex flex-col gap-2">
          <div className="flex items-center gap-2">
            <SeverityBadge severity={view.severity} />
            <StatusText status={state.status} />
          </div>
          <h1 className="text-2xl leading-tight font-bold">{view.title}</h1>
          <p className="text-lg" data-testid="point">
            {state.point ? (
              <>
                Point: <strong>{youHavePoint ? 'You' : nameOf(team, state.point)}</strong>
              </>
            ) : open ? (
              'No one has point yet: acknowledge to take it'
            ) : (
              'Resolved without an acknowledgement'
            )}
          </p>
        </section>

        {open && (
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
              <Button onClick={() => action.act({ type: 'resolve', note: note.trim() || undefined })} disabled={action.isPending}>
                Resolve
              </Button>
            </div>
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
                className="min-h-14 flex-1 rounded-xl border border-slate-300 bg-white px-4 text-lg dark:border-slate-700 dark:bg-slate-900"
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
              <Button type="submit" disabled={!note.trim() || action.isPending}>
                Add
              </Button>
            </form>
            {action.isPaused && (
              <p role="status" className="rounded-lg bg-amber-100 p-3 text-amber-950 dark:bg-amber-950 dark:text-amber-100">
                No connection. Your {action.variables?.type === 'ack' ? 'acknowledgement' : action.variables?.type} is held here
                and sent as soon as you are back online; keep this screen open.
              </p>
            )}
            <ErrorText error={action.error} />
          </section>
        )}

        <AlertDetails details={view.details} />
        <Timeline events={view.timeline} team={team} />
        {view.playbookContent ? (
          <PlaybookView playbook={view.playbookContent} />
        ) : (
          <p className="rounded-2xl bg-slate-100 p-4 dark:bg-slate-900">No playbook for this alert yet.</p>
        )}
      </main>
    </>
  );
}
