import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { IncidentSummary } from '../../shared/api.js';
import { reviewerOf } from '../../shared/permissions.js';
import { OnCallSummary } from '../components/OnCallSummary.js';
import { StatusArea } from '../components/StatusArea.js';
import { TopBar } from '../components/TopBar.js';
import { ErrorText, SeverityBadge, StatusText } from '../components/ui.js';
import { handoffTime, nameOf, relativeTime } from '../format.js';
import { groupIncidents, isMine, isQuiet } from '../incident-groups.js';
import { stateWithQueuedActions } from '../offline/optimistic.js';
import { useOutbox } from '../outbox/hooks.js';
import { INCIDENT_TITLE_TIMING } from '../element-timing.js';
import { useThisDevice } from '../device-queries.js';
import { useDevices, useIncidents, useMe, useNudge, useOnCall, useTeam } from '../queries.js';

const STRIPE = { critical: 'border-l-red-600', warning: 'border-l-amber-500', info: 'border-l-sky-600' };

/** Why a quiet incident wakes nobody: "not paged · info", or when its page goes out. */
function quietLine(incident: IncidentSummary): string {
  const { pagesAt } = incident.state;
  return pagesAt ? `Pages ${handoffTime(pagesAt)} if nobody takes it` : `Not paged · ${incident.severity}`;
}

/** `state` already includes this person's queued actions. */
function IncidentRow({ incident, queued }: { incident: IncidentSummary; queued: boolean }) {
  const { data: team } = useTeam();
  const { state } = incident;
  const quiet = isQuiet(incident);
  return (
    <li data-incident-id={incident.id}>
      <Link
        href={`/incidents/${incident.id}`}
        className={`block rounded-2xl border-l-8 p-4 ${
          quiet
            ? 'border-l-slate-400 bg-slate-50 active:bg-slate-100 dark:border-l-slate-600 dark:bg-slate-950 dark:active:bg-slate-900'
            : `bg-slate-100 active:bg-slate-200 dark:bg-slate-900 dark:active:bg-slate-800 ${STRIPE[incident.severity]}`
        }`}
      >
        <div className="flex items-center gap-2">
          {quiet ? (
            <span className="font-semibold text-muted">{quietLine(incident)}</span>
          ) : (
            <>
              <SeverityBadge severity={incident.severity} />
              <StatusText status={state.status} />
            </>
          )}
          {queued && <span className="text-sm font-semibold text-amber-700 dark:text-amber-300">queued</span>}
          <span className="ml-auto text-sm text-muted">{relativeTime(incident.createdAt)}</span>
        </div>
        <p
          elementtiming={INCIDENT_TITLE_TIMING}
          className={`mt-2 text-lg leading-snug font-semibold ${quiet ? 'text-slate-700 dark:text-slate-300' : ''}`}
        >
          {incident.title}
        </p>
        {!quiet && (
          <p className="mt-1 text-muted">
            {state.point
              ? `Point: ${nameOf(team, state.point)}`
              : state.status === 'resolved'
                ? 'Resolved'
                : 'No one has point yet'}
          </p>
        )}
      </Link>
    </li>
  );
}

const heading = 'px-1 pt-2 text-sm font-bold tracking-wide text-muted uppercase';

/** One group of the list, left out when it is empty. */
function Group({
  title,
  incidents,
  queuedFor,
  testId,
}: {
  title: string;
  incidents: IncidentSummary[];
  queuedFor: (id: string) => unknown[];
  testId: string;
}) {
  if (!incidents.length) return null;
  return (
    <section aria-label={title} className="flex flex-col gap-3" data-testid={testId}>
      <h2 className={heading}>
        {title} ({incidents.length})
      </h2>
      <ul className="flex flex-col gap-3">
        {incidents.map((incident) => (
          <IncidentRow key={incident.id} incident={incident} queued={queuedFor(incident.id).length > 0} />
        ))}
      </ul>
    </section>
  );
}

/** Resolved incidents shown at first, and at each "Show older": the list stays short on a phone. */
const RESOLVED_PAGE = 10;

const filterButton =
  'min-h-12 flex-1 rounded-lg font-semibold aria-pressed:bg-white aria-pressed:shadow dark:aria-pressed:bg-slate-700';

const navButton =
  'flex min-h-12 items-center justify-center rounded-xl bg-slate-200 px-4 font-semibold dark:bg-slate-800 active:bg-slate-300 dark:active:bg-slate-700';
const topLink = 'flex min-h-12 items-center rounded-lg px-2 font-medium text-accent';

/** How long the list, once in, waits for what sits above it before it shows anyway. */
const ABOVE_LIST_WAIT_MS = 400;

export function IncidentListScreen() {
  const incidents = useIncidents();
  // What sits above the list (the status area, who is on call) is drawn with it: each part drawn as its
  // answer came would push the list down, a layout shift under the person's thumb. But only briefly: a
  // slow answer about devices must never keep the incidents off the screen.
  const listIn = incidents.data !== undefined;
  const [waitedEnough, setWaitedEnough] = useState(false);
  useEffect(() => {
    if (!listIn) return;
    const timer = setTimeout(() => setWaitedEnough(true), ABOVE_LIST_WAIT_MS);
    return () => clearTimeout(timer);
  }, [listIn]);
  const aboveList = [useOnCall(), useDevices(), useNudge(), useThisDevice()];
  const fetchingFirst = (query: { isPending: boolean; fetchStatus: string }) =>
    query.isPending && query.fetchStatus === 'fetching';
  const arriving = fetchingFirst(incidents) || (!waitedEnough && aboveList.some(fetchingFirst));
  const outbox = useOutbox();
  const { data: me } = useMe();
  const [onlyMine, setOnlyMine] = useState(false);
  const [resolvedShown, setResolvedShown] = useState(RESOLVED_PAGE);
  const actor = { kind: 'person' as const, email: me?.email ?? '', name: me?.name ?? '' };
  const waiting = outbox.filter((e) => !e.rejected);
  const queuedFor = (id: string) => waiting.filter((e) => e.incidentId === id);
  // What the person did offline shows at once: an incident they resolved moves down now, not later.
  const shown = (incidents.data ?? [])
    .map((i) => ({ ...i, state: stateWithQueuedActions(i.state, queuedFor(i.id), actor) }))
    .filter((i) => !onlyMine || (!!me && isMine(i, me.email)));
  const { urgent, acknowledged, quiet, resolved } = groupIncidents(shown);
  const open = urgent.length + acknowledged.length + quiet.length;
  // Resolved ones this person had point on (or resolved) and has not said whether the page was worth it.
  const toReview = resolved.filter((i) => i.state.actionable === null && !!me && reviewerOf(i.state) === me.email);
  const reviewed = resolved.filter((i) => !toReview.includes(i));
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
        {arriving ? (
          <p className="p-4 text-muted">Loading incidents…</p>
        ) : (
          <>
            <StatusArea updatedAt={incidents.dataUpdatedAt} error={incidents.error} outbox={outbox} />
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
            {incidents.isPending && <p className="p-4 text-muted">Loading incidents…</p>}
            <div role="group" aria-label="Show" className="flex gap-1 rounded-xl bg-slate-200 p-1 dark:bg-slate-800">
              <button type="button" className={filterButton} aria-pressed={!onlyMine} onClick={() => setOnlyMine(false)}>
                All
              </button>
              <button type="button" className={filterButton} aria-pressed={onlyMine} onClick={() => setOnlyMine(true)}>
                Mine
              </button>
            </div>
            {incidents.data && open === 0 && (
              <p className="px-1 text-lg">{onlyMine ? 'Nothing open is yours.' : 'All quiet. Nothing is open.'}</p>
            )}
            <div className="flex flex-col gap-3" data-testid="incident-list">
              <Group title="Needs someone" incidents={urgent} queuedFor={queuedFor} testId="urgent" />
              <Group title="Acknowledged" incidents={acknowledged} queuedFor={queuedFor} testId="acknowledged" />
              <Group title="Quiet" incidents={quiet} queuedFor={queuedFor} testId="quiet" />
            </div>
            {toReview.length > 0 && (
              <>
                <h2 className={heading}>To review ({toReview.length})</h2>
                <p className="px-1 text-muted">Was the page actionable? One tap each keeps the alerts honest.</p>
                <ul className="flex flex-col gap-3" data-testid="to-review">
                  {toReview.map((incident) => (
                    <IncidentRow key={incident.id} incident={incident} queued={queuedFor(incident.id).length > 0} />
                  ))}
                </ul>
              </>
            )}
            {reviewed.length > 0 && (
              <>
                <h2 className={heading}>Resolved</h2>
                <ul className="flex flex-col gap-3" data-testid="resolved">
                  {reviewed.slice(0, resolvedShown).map((incident) => (
                    <IncidentRow key={incident.id} incident={incident} queued={queuedFor(incident.id).length > 0} />
                  ))}
                </ul>
                {reviewed.length > resolvedShown && (
                  <button type="button" className={navButton} onClick={() => setResolvedShown(resolvedShown + RESOLVED_PAGE)}>
                    Show older ({reviewed.length - resolvedShown} more)
                  </button>
                )}
              </>
            )}
          </>
        )}
      </main>
    </>
  );
}
