import { AlertDetails } from '../components/AlertDetails.js';
import { IncidentActions } from '../components/IncidentActions.js';
import { PlaybookView } from '../components/PlaybookView.js';
import { Timeline } from '../components/Timeline.js';
import { TopBar } from '../components/TopBar.js';
import { ErrorText, SeverityBadge, StatusText } from '../components/ui.js';
import { nameOf } from '../format.js';
import { useIncident, useMe, useTeam } from '../queries.js';

export function IncidentScreen({ id }: { id: string }) {
  const incident = useIncident(id);
  const { data: team } = useTeam();
  const { data: me } = useMe();

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
          {state.helpers.length > 0 && (
            <p className="text-slate-600 dark:text-slate-400">
              Helping: {state.helpers.map((h) => (h === me?.email ? 'you' : nameOf(team, h))).join(', ')}
            </p>
          )}
        </section>

        {open && me && <IncidentActions view={view} me={me} team={team} />}

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
