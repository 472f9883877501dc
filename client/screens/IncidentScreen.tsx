import { groupLabelsText, reopenedText } from '../../shared/alert-group.js';
import type { IncidentSummary, IncidentView } from '../../shared/api.js';
import { actionOutcome, handoffToMe } from '../action-outcome.js';
import { AlertDetails } from '../components/AlertDetails.js';
import { IncidentActions } from '../components/IncidentActions.js';
import { IncidentHistory } from '../components/IncidentHistory.js';
import { LateAckNotice } from '../components/LateAckNotice.js';
import { OfflineBanner } from '../components/OfflineBanner.js';
import { OutboxStatus } from '../components/OutboxStatus.js';
import { OutcomeCard } from '../components/OutcomeCard.js';
import { PlaybookView } from '../components/PlaybookView.js';
import { ResolveAndNote } from '../components/ResolveAndNote.js';
import { ReviewPrompt } from '../components/ReviewPrompt.js';
import { SnoozeReopen } from '../components/SnoozeReopen.js';
import { Timeline } from '../components/Timeline.js';
import { TopBar } from '../components/TopBar.js';
import { ErrorText, SeverityBadge, StatusText } from '../components/ui.js';
import { useStoredPlaybook } from '../device-queries.js';
import { nameOf, shortTime } from '../format.js';
import { withQueuedActions } from '../offline/optimistic.js';
import { useOutbox } from '../outbox/hooks.js';
import { useIncident, useIncidents, useMe, useTeam } from '../queries.js';

/** What the screen can show: the full incident, or only its list entry. */
type ShownIncident = Omit<IncidentView, 'details'> & { details: IncidentView['details'] | null };

/** An incident seen only in the list (opened for the first time with no signal): no details or timeline yet. */
const fromSummary = (summary: IncidentSummary): ShownIncident => ({
  ...summary,
  details: null,
  timeline: [],
  playbookContent: null,
});

export function IncidentScreen({ id }: { id: string }) {
  const incident = useIncident(id);
  const { data: list } = useIncidents();
  const { data: team } = useTeam();
  const { data: me } = useMe();
  const outbox = useOutbox().filter((e) => e.incidentId === id);
  const summary = list?.find((i) => i.id === id);
  const view: ShownIncident | undefined = incident.data ?? (summary ? fromSummary(summary) : undefined);
  const playbook = useStoredPlaybook(view && !view.playbookContent ? view.playbook : null);

  if (!view) {
    return (
      <>
        <TopBar title="Incident" back="/" />
        <main className="flex flex-col gap-3 p-3">
          <OfflineBanner updatedAt={0} error={incident.error} />
          {incident.error ? <ErrorText error={incident.error} /> : <p className="p-1 text-muted">Loading…</p>}
        </main>
      </>
    );
  }
  const actor = { kind: 'person' as const, email: me?.email ?? '', name: me?.name ?? '' };
  const { timeline, state, queued } = withQueuedActions(view.timeline, outbox, actor);
  const open = state.status !== 'resolved';
  const youHavePoint = !!me && state.point === me.email;
  const playbookContent = view.playbookContent ?? playbook.data ?? null;
  // The fold follows the group's renames as they stream in; the list entry has the title it was fetched with.
  const title = state.title ?? view.title;
  const groupedBy = view.details?.groupLabels && groupLabelsText(view.details.groupLabels);
  const reopened = view.details?.reopened;
  const outcome = me && actionOutcome(timeline, me.email);
  const handedToMe = me && open && youHavePoint ? handoffToMe(timeline, me.email) : null;

  return (
    <>
      <TopBar title={title} back="/" titleIsHeading={false} />
      <main
        className={`mx-auto flex max-w-2xl flex-col gap-4 p-3 pr-[max(0.75rem,env(safe-area-inset-right))] pl-[max(0.75rem,env(safe-area-inset-left))] ${open && me ? 'pb-52' : 'pb-10'}`}
      >
        <OfflineBanner updatedAt={incident.dataUpdatedAt} error={incident.error} />
        {handedToMe?.actor.kind === 'person' && (
          <p
            role="status"
            data-testid="handed-point"
            className="rounded-lg bg-sky-100 p-3 font-semibold text-sky-950 dark:bg-sky-950 dark:text-sky-100"
          >
            {nameOf(team, handedToMe.actor.email)} handed you point at {shortTime(handedToMe.occurredAt)}
          </p>
        )}
        <section aria-label="Status" className="flex flex-col gap-2">
          <div className="flex items-center gap-2">
            <SeverityBadge severity={view.severity} />
            <StatusText status={state.status} />
          </div>
          <h1 className="text-2xl leading-tight font-bold">{title}</h1>
          {groupedBy && <p className="text-muted">grouped by {groupedBy}</p>}
          {reopened && (
            <p className="font-medium text-amber-800 dark:text-amber-300" data-testid="reopened">
              Flapping: {reopenedText(reopened, view.createdAt)} for this alert group
            </p>
          )}
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
            <p className="text-muted">
              Helping: {state.helpers.map((h) => (h === me?.email ? 'you' : nameOf(team, h))).join(', ')}
            </p>
          )}
        </section>

        {outcome && <OutcomeCard outcome={outcome} team={team} />}
        {me && <LateAckNotice timeline={timeline} queued={queued} me={me.email} team={team} />}
        <OutboxStatus entries={outbox} />
        {me && <SnoozeReopen incidentId={view.id} state={state} timeline={timeline} me={me} team={team} />}

        {playbookContent ? (
          <PlaybookView playbook={playbookContent} />
        ) : (
          <p className="rounded-2xl bg-slate-100 p-4 dark:bg-slate-900">No playbook for this alert yet.</p>
        )}
        {/* The alert's details open by themselves when there is no playbook to read first. */}
        {view.details ? (
          <details open={!playbookContent} className="rounded-2xl bg-slate-100 dark:bg-slate-900">
            <summary className="flex min-h-12 cursor-pointer items-center px-4 font-semibold">Alert details</summary>
            <AlertDetails details={view.details} />
          </details>
        ) : (
          <p className="rounded-2xl bg-slate-100 p-4 dark:bg-slate-900">
            The alert details and timeline were not on this device yet; they appear when onpoint can be reached.
          </p>
        )}
        {open && me && <ResolveAndNote incidentId={view.id} />}
        {!open && me && <ReviewPrompt incidentId={view.id} state={state} me={me.email} team={team} />}
        <Timeline events={timeline} queued={queued} team={team} />
        <a
          href={`/api/incidents/${view.id}/postmortem.md`}
          download
          className="flex min-h-12 items-center justify-center rounded-xl bg-slate-200 px-4 font-semibold dark:bg-slate-800"
        >
          Postmortem draft (Markdown)
        </a>
        <IncidentHistory incidentId={view.id} team={team} />
      </main>
      {open && me && <IncidentActions incidentId={view.id} state={state} me={me} team={team} />}
    </>
  );
}
export default IncidentScreen;
