import type { TimelineEvent } from '../../shared/timeline.js';
import { clockTime, describeEvent, namesOnTimeline } from '../format.js';
import type { Team } from '../../shared/api.js';

const LATE_MS = 60_000;

export function Timeline({
  events,
  queued = new Set(),
  team,
}: {
  events: TimelineEvent[];
  /** Events still in this device's outbox. */
  queued?: Set<string>;
  team: Team | undefined;
}) {
  const newestFirst = [...events].reverse();
  const known = namesOnTimeline(events);
  return (
    <section aria-label="Timeline" className="rounded-2xl bg-slate-100 p-4 dark:bg-slate-900">
      <h2 className="mb-2 text-sm font-bold tracking-wide text-muted uppercase">Timeline</h2>
      <ol className="flex flex-col">
        {newestFirst.map((event) => {
          const waiting = queued.has(event.id);
          const late = !waiting && new Date(event.recordedAt).getTime() - new Date(event.occurredAt).getTime() > LATE_MS;
          return (
            <li
              key={event.id}
              className="flex gap-3 border-t border-slate-200 py-2 first:border-t-0 dark:border-slate-800"
              data-event-type={event.type}
              data-queued={waiting || undefined}
            >
              <time dateTime={event.occurredAt} className="shrink-0 pt-0.5 font-mono text-sm text-muted">
                {clockTime(event.occurredAt)}
              </time>
              <p className="break-words">
                {describeEvent(event, team, known)}
                {waiting && <span className="ml-1 rounded bg-amber-200 px-1.5 text-sm font-semibold text-amber-950">queued</span>}
                {late && <span className="text-sm text-muted"> (reached the server {clockTime(event.recordedAt)})</span>}
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
