import { useEffect } from 'react';
import { Link } from 'wouter';
import type { IncidentSummary } from '../../shared/api.js';
import { reviewerOf } from '../../shared/permissions.js';
import { NightNudge } from '../components/NightNudge.js';
import { NotificationsBanner } from '../components/NotificationsBanner.js';
import { OfflineBanner } from '../components/OfflineBanner.js';
import { OnCallSummary } from '../components/OnCallSummary.js';
import { QueuedCount } from '../components/OutboxStatus.js';
import { TopBar } from '../components/TopBar.js';
import { UnconfirmedPageBanner } from '../components/UnconfirmedPageBanner.js';
import { ErrorText, SeverityBadge, StatusText } from '../components/ui.js';
import { nameOf, relativeTime } from '../format.js';
import { stateWithQueuedActions } from '../offline/optimistic.js';
import { useOutbox } from '../outbox/hooks.js';
import { LIST_VISIBLE_MARK, markOnce } from '../perf-marks.js';
import { useIncidents, useMe, useTeam } from '../queries.js';

const STRIPE = { critical: 'border-l-red-600', warning: 'border-l-amber-500', info: 'border-l-sky-600' };

/** `state` already includes this person's queued actions. */
function IncidentRow({ incident, queued }: { incident: IncidentSummary; queued: boolean }) {
  const { data: team } = useTeam();
  const { state } = incident;
  return (
    <li>
      <Link
        href={`/incidents/${incident.id}`}
        className={`block rounded-2xl border-l-8 bg-slate-100 p-4 active:bg-slate-200 dark:bg-slate-900 dark:active:bg-slate-800 ${STRIPE[incident.severity]} ${state.status === 'resolved' ? 'opacity-70' : ''}`}
      >
        <div className="flex items-center gap-2">
          <SeverityBadge severity={incident.severity} />
          <StatusText status={state.status} />
          {queued && <span className="text-sm font-semibold text-amber-600 dark:text-amber-300">queued</span>}
          <span className="ml-auto text-sm text-slate-500">{relativeTime(incident.createdAt)}</span>
        </div>
        <p className="mt-2 text-lg leading-snug font-semibold">{incident.title}</p>
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          {state.point
            ? `Point: ${nameOf(team, state.point)}`
            : state.status === 'resolved'
              ? 'Resolved'
              : 'No one has point yet'}
        </p>
      </Link>
    </li>
  );
}

const navButton =
  'flex min-h-12 items-center justify-center rounded-xl bg-slate-200 px-4 font-semibold dark:bg-slate-800 active:bg-slate-300 dark:active:bg-slate-700';
const topLink = 'flex min-h-12 items-center rounded-lg px-2 font-medium text-orange-600 dark:text-orange-400';

export function IncidentListScreen() {
  const incidents = useIncidents();
  const shows = !!incidents.data?.length;
  useEffect(() => {
    if (shows) markOnce(LIST_VISIBLE_MARK);
  }, [shows]);
  const outbox = useOutbox();
  const { data: me } = useMe();
  const actor = { kind: 'person' as const, email: me?.email ?? '', name: me?.name ?? '' };
  const waiting = outbox.filter((e) => !e.rejected);
  const queuedFor = (id: string) => waiting.filter((e) => e.incidentId === id);
  // What the person did offline shows at once: an incident they resolved moves down now, not later.
  const shown = (incidents.data ?? []).map((i) => ({ ...i, state: stateWithQueuedActions(i.state, queuedFor(i.id), actor) }));
  const open = shown.filter((i) => i.state.status !== 'resolved');
  const closed = shown.filter((i) => i.state.status === 'resolved');
  // Resolved ones this person had point on (or resolved) and has not said whether the page was worth it.
  const toReview = closed.filter((i) => i.state.actionable === null && !!me && reviewerOf(i.state) === me.email);
  const reviewed = closed.filter((i) => !toReview.includes(i));
  return (
    <>
      <TopBar
        title="Incidents"
        right={
          <>
            <Link href="/playbooks" className={topLink}>
              Playbooks
            </Link>
            <Link href="/settings" className={topLink}>
              Settings
            </Link>
          </>
        }
      />
      <main className="mx-auto flex max-w-2xl flex-col gap-4 p-3">
        <OfflineBanner updatedAt={incidents.dataUpdatedAt} error={incidents.error} />
        <QueuedCount entries={outbox} />
        <NotificationsBanner />
        <UnconfirmedPageBanner />
        <NightNudge />
        <OnCallSummary />
        <nav aria-label="More" className="grid grid-cols-2 gap-3">
          <Link href="/declare" className={navButton}>
            Declare incident
          </Link>
          <Link href="/insights" className={navButton}>
            Insights
          </Link>
        </nav>
        {!incidents.data && <ErrorText error={incidents.error} />}
        {incidents.isPending && <p className="p-4 text-slate-500">Loading incidents…</p>}
        <h2 className="px-1 text-sm font-bold tracking-wide text-slate-500 uppercase">Open ({open.length})</h2>
        {incidents.data && open.length === 0 && <p className="px-1 text-lg">All quiet. Nothing is open.</p>}
        <ul className="flex flex-col gap-3" data-testid="incident-list">
          {open.map((incident) => (
            <IncidentRow key={incident.id} incident={incident} queued={queuedFor(incident.id).length > 0} />
          ))}
        </ul>
        {toReview.length > 0 && (
          <>
            <h2 className="px-1 pt-2 text-sm font-bold tracking-wide text-slate-500 uppercase">To review ({toReview.length})</h2>
            <p className="px-1 text-slate-600 dark:text-slate-400">
              Was the page actionable? One tap each keeps the alerts honest.
            </p>
            <ul className="flex flex-col gap-3" data-testid="to-review">
              {toReview.map((incident) => (
                <IncidentRow key={incident.id} incident={incident} queued={queuedFor(incident.id).length > 0} />
              ))}
            </ul>
          </>
        )}
        {reviewed.length > 0 && (
          <>
            <h2 className="px-1 pt-2 text-sm font-bold tracking-wide text-slate-500 uppercase">Resolved</h2>
            <ul className="flex flex-col gap-3">
              {reviewed.map((incident) => (
                <IncidentRow key={incident.id} incident={incident} queued={queuedFor(incident.id).length > 0} />
              ))}
            </ul>
          </>
        )}
      </main>
    </>
  );
}
