import type { TimelineEvent } from '../../shared/timeline.js';
import { clockTime, describeEvent } from '../format.js';
import type { Team } from '../queries.js';

const LATE_MS = 60_000;

export function Timeline({ events, team }: { events: TimelineEvent[]; team: Team | undefined }) {
  const newestFirst = [...events].reverse();
  return (
    <section aria-label="Timeline" className="rounded-2xl bg-slate-100 p-4 dark:bg-slate-900">
      <h2 className="mb-2 text-sm font-bold tracking-wide text-slate-500 uppercase">Timeline</h2>
      <ol className="flex flex-col">
        {newestFirst.map((event) => {
          const late = new Date(event.recordedAt).getTime() - new Date(event.occurredAt).getTime() > LATE_MS;
          return (
            <li
              key={event.id}
              className="flex gap-3 border-t border-slate-200 py-2 first:border-t-0 dark:border-slate-800"
              data-event-type={event.type}
            >
              <time dateTime={event.occurredAt} className="shrink-0 pt-0.5 font-mono text-sm text-slate-500">
                {clockTime(event.occurredAt)}
              </time>
              <p className="break-words">
                {describeEvent(event, team)}
                {late && <span className="text-sm text-slate-500"> (reached the server {clockTime(event.recordedAt)})</span>}
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
