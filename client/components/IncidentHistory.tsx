import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { api } from '../api.js';
import { IncidentHistory as History } from '../../shared/api.js';
import { durationText } from '../../shared/describe-event.js';
import { nameOf } from '../format.js';
import type { Team } from '../../shared/api.js';

/** How the same alert went before: when, who had point, how long, how it was fixed. */
export function IncidentHistory({ incidentId, team }: { incidentId: string; team: Team | undefined }) {
  const { data: history } = useQuery({
    queryKey: ['incident-history', incidentId],
    queryFn: async () => (await api(`/api/incidents/${incidentId}/history`, History)).history,
  });
  if (!history?.length) return null;
  return (
    <section aria-label="Earlier incidents of this alert" className="rounded-2xl bg-slate-100 p-4 dark:bg-slate-900">
      <h2 className="mb-2 text-sm font-bold tracking-wide text-muted uppercase">This alert before</h2>
      <ol className="flex flex-col gap-3">
        {history.map((past) => (
          <li key={past.id}>
            <Link href={`/incidents/${past.id}`} className="block rounded-lg p-1 active:bg-slate-200 dark:active:bg-slate-800">
              <p className="font-semibold">
                {new Date(past.createdAt).toLocaleDateString([], { weekday: 'short', month: 'short', day: 'numeric' })} ·{' '}
                {past.point ? nameOf(team, past.point) : 'nobody'} had point ·{' '}
                {past.durationMs === null ? 'still open' : durationText(past.durationMs)}
                {past.actionable === false && <span className="font-normal text-muted"> · not actionable</span>}
              </p>
              <p className="text-muted">{past.resolutionNote ?? 'No resolution note.'}</p>
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}
