import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { HandoffList } from '../../shared/api.js';
import { api } from '../api.js';
import { OfflineBanner } from '../components/OfflineBanner.js';
import { TopBar } from '../components/TopBar.js';
import { Card, ErrorText } from '../components/ui.js';
import { clockTime, handoffTime, nameOf } from '../format.js';
import { useTeam } from '../queries.js';

/** What the last shift passes on: open incidents, what paged and how often, notes for the next person. */
export function HandoffScreen() {
  const { data: team } = useTeam();
  const handoffs = useQuery({
    queryKey: ['handoffs'],
    queryFn: async () => (await api('/api/handoffs', HandoffList)).handoffs,
  });
  return (
    <>
      <TopBar title="Last handoff" back="/" />
      <main className="mx-auto flex max-w-2xl flex-col gap-4 p-3 pb-10">
        <OfflineBanner updatedAt={handoffs.dataUpdatedAt} error={handoffs.error} />
        <ErrorText error={handoffs.error} />
        {handoffs.data?.length === 0 && (
          <p className="px-1 text-lg">
            No rotation here changes hands on a schedule, so there is no handoff to sum up. Give a rotation a <code>shift</code>{' '}
            in the team config and each handoff gets a summary here and a quiet notification to both primaries.
          </p>
        )}
        {handoffs.data?.map((h) => (
          <Card key={h.rotationId} className="flex flex-col gap-3">
            <div>
              <h2 className="text-lg font-semibold">{h.rotationName}</h2>
              <p className="text-muted">
                {handoffTime(h.handoffAt)}: {nameOf(team, h.incoming)} took over from {nameOf(team, h.outgoing)}
              </p>
            </div>
            {h.outgoingNightPages > 0 && (
              <p className="rounded-lg bg-sky-100 p-3 text-sky-950 dark:bg-sky-950 dark:text-sky-100">
                {nameOf(team, h.outgoing)} was paged {h.outgoingNightPages} time{h.outgoingNightPages === 1 ? '' : 's'} at night
                last shift — take time back.
              </p>
            )}
            <section aria-label="Open incidents">
              <h3 className="font-semibold">Open ({h.open.length})</h3>
              {h.open.length === 0 && <p>Nothing open.</p>}
              <ul>
                {h.open.map((o) => (
                  <li key={o.id}>
                    <Link href={`/incidents/${o.id}`} className="flex min-h-11 items-center text-accent underline">
                      {o.title} · {o.point ? nameOf(team, o.point) : 'nobody'} has point
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
            <section aria-label="What paged">
              <h3 className="font-semibold">Pages last shift: {h.pages}</h3>
              <ul>
                {h.paged.map((p) => (
                  <li key={p.what}>
                    {p.what} ×{p.count}
                  </li>
                ))}
              </ul>
            </section>
            {h.notes.length > 0 && (
              <section aria-label="Notes for the next person">
                <h3 className="font-semibold">Notes</h3>
                <ul className="flex flex-col gap-1">
                  {h.notes.map((n, i) => (
                    <li key={i}>
                      <span className="font-mono text-sm text-muted">{clockTime(n.at)}</span> {nameOf(team, n.author)} on “
                      {n.incidentTitle}”: {n.text}
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </Card>
        ))}
      </main>
    </>
  );
}
export default HandoffScreen;
