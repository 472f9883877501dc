import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { InsightsView, type OnCallLoad } from '../../shared/api.js';
import { durationText } from '../../shared/describe-event.js';
import { api } from '../api.js';
import { OfflineBanner } from '../components/OfflineBanner.js';
import { TopBar } from '../components/TopBar.js';
import { WeeklyPagesChart } from '../components/WeeklyPagesChart.js';
import { Card, ErrorText } from '../components/ui.js';
import { nameOf } from '../format.js';
import { keys, useTeam } from '../queries.js';

const minutes = (ms: number | null) => (ms === null ? '—' : durationText(ms));
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);
const loadInWords = (load: OnCallLoad) =>
  `${load.pages} page${load.pages === 1 ? '' : 's'}, ${load.nightPages} at night, ${load.nightHoursOnPoint} h on point at night`;

/** Are our pages worth waking someone for, what do the alerts miss, and who is carrying the nights. */
const PERIODS = [
  { label: '4 weeks', days: 28 },
  { label: '6 weeks', days: 42 },
  { label: '3 months', days: 91 },
  { label: '6 months', days: 182 },
];

export function InsightsScreen() {
  const { data: team } = useTeam();
  const [days, setDays] = useState(42);
  const insights = useQuery({
    queryKey: [...keys.insights, days],
    queryFn: () => api(`/api/insights?from=${new Date(Date.now() - days * 86_400_000).toISOString()}`, InsightsView),
    placeholderData: keepPreviousData,
  });
  const data = insights.data;
  return (
    <>
      <TopBar title="Insights" back="/" />
      <main className="mx-auto flex max-w-2xl flex-col gap-4 p-3 pb-10">
        <div role="group" aria-label="Period" className="grid grid-cols-4 gap-1 rounded-xl bg-slate-100 p-1 dark:bg-slate-900">
          {PERIODS.map((p) => (
            <button
              key={p.days}
              type="button"
              aria-pressed={days === p.days}
              onClick={() => setDays(p.days)}
              className="min-h-11 rounded-lg text-sm font-semibold text-slate-600 aria-pressed:bg-white aria-pressed:text-slate-950 aria-pressed:shadow dark:text-slate-400 dark:aria-pressed:bg-slate-700 dark:aria-pressed:text-white"
            >
              {p.label}
            </button>
          ))}
        </div>
        <OfflineBanner updatedAt={insights.dataUpdatedAt} error={insights.error} />
        <ErrorText error={insights.error} />
        {data && (
          <>
            <p className="px-1 text-muted">
              Incidents opened since {new Date(data.from).toLocaleDateString([], { month: 'short', day: 'numeric' })}.
            </p>
            <Card>
              <h2 className="mb-2 text-lg font-semibold">Pages per week</h2>
              <WeeklyPagesChart weeks={data.weekly} />
            </Card>
            <Card>
              <h2 className="text-lg font-semibold">Recall</h2>
              <p data-testid="recall">
                <strong className="text-2xl">{percent(data.recall)}</strong> of {data.incidents} incidents were raised by an
                alert; {data.declared} declared by a person (ones the alerts missed).
              </p>
            </Card>
            <h2 className="px-1 pt-2 text-sm font-bold tracking-wide text-muted uppercase">Alert rules, noisiest first</h2>
            <ul className="flex flex-col gap-3">
              {data.rules.map((r) => (
                <li
                  key={`${r.rule.alertname}/${r.rule.service}`}
                  data-testid="rule"
                  className="rounded-2xl bg-slate-100 p-4 dark:bg-slate-900"
                >
                  <p className="text-lg font-semibold">
                    {r.rule.alertname}
                    {r.rule.service && <span className="font-normal text-muted"> · {r.rule.service}</span>}
                  </p>
                  {r.hint && (
                    <p className="mt-1 rounded-lg bg-amber-100 p-2 text-amber-950 dark:bg-amber-950 dark:text-amber-100">
                      {r.hint}
                    </p>
                  )}
                  <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1">
                    <dt className="text-muted">Pages</dt>
                    <dd>{r.pages}</dd>
                    <dt className="text-muted">Actionable</dt>
                    <dd data-testid="precision">
                      {percent(r.precision)}
                      {r.unanswered > 0 && <span className="text-muted"> ({r.unanswered} to review)</span>}
                    </dd>
                    <dt className="text-muted">Median to ack</dt>
                    <dd>{minutes(r.medianAckMs)}</dd>
                    <dt className="text-muted">Median to resolve</dt>
                    <dd>{minutes(r.medianResolveMs)}</dd>
                    <dt className="text-muted">Out of hours</dt>
                    <dd>{r.outOfHours}</dd>
                    <dt className="text-muted">Resolved by itself</dt>
                    <dd>{r.resolvedWithoutAction}</dd>
                    <dt className="text-muted">Reopened within a day</dt>
                    <dd>{r.reopened}</dd>
                  </dl>
                </li>
              ))}
            </ul>
            <h2 className="px-1 pt-2 text-sm font-bold tracking-wide text-muted uppercase">People</h2>
            <ul className="flex flex-col gap-2">
              {data.people.map((p) => (
                <li key={p.email} data-testid="person" className="rounded-2xl bg-slate-100 p-3 dark:bg-slate-900">
                  <p>
                    <strong>{nameOf(team, p.email)}</strong>: {loadInWords(p)}
                  </p>
                  {p.rotations.length > 0 && (
                    <ul className="mt-1 text-muted">
                      {p.rotations.map((r) => (
                        <li key={r.rotationId ?? ''}>
                          {r.rotationName ?? 'Not through a rotation'}: {loadInWords(r)}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </main>
    </>
  );
}
export default InsightsScreen;
