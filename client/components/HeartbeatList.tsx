import { useQuery } from '@tanstack/react-query';
import { HeartbeatList as Heartbeats, type HeartbeatView } from '../../shared/api.js';
import { durationSpec } from '../../shared/duration-spec.js';
import { api } from '../api.js';
import { useNow } from '../connection.js';
import { shortTime } from '../format.js';
import { Card, ErrorText } from './ui.js';

function HeartbeatState({ heartbeat, now }: { heartbeat: HeartbeatView; now: number }) {
  const { lastBeatAt, dueAt } = heartbeat;
  const last = (
    <span className="whitespace-nowrap">{lastBeatAt ? `last beat ${shortTime(lastBeatAt, now)}` : 'no beat yet'}</span>
  );
  // Past its deadline it is missed, even before the server's next look has paged.
  if (heartbeat.missed || Date.parse(dueAt) <= now) {
    return (
      <p className="text-red-700 dark:text-red-400">
        <span className="font-semibold whitespace-nowrap">Missed since {shortTime(dueAt, now)}</span> · {last}
      </p>
    );
  }
  return (
    <p className="first-letter:uppercase">
      {last} · <span className="whitespace-nowrap">next expected by {shortTime(dueAt, now)}</span>
    </p>
  );
}

/** The team's dead-man's switches: whether each is beating. Nothing when the config has none. */
export function HeartbeatList() {
  const now = useNow();
  const { data, error } = useQuery({
    queryKey: ['heartbeats'],
    queryFn: async () => (await api('/api/heartbeats', Heartbeats)).heartbeats,
    refetchInterval: 60_000,
  });
  if (!data?.length && !error) return null;
  return (
    <Card className="flex flex-col gap-3">
      <h2 className="text-lg font-semibold">Heartbeats</h2>
      <ul className="flex flex-col divide-y divide-slate-300 dark:divide-slate-700">
        {data?.map((h) => (
          <li key={h.id} className="flex flex-col gap-0.5 py-2 first:pt-0 last:pb-0">
            <span className="font-medium break-words">{h.name}</span>
            <span className="text-sm text-muted">
              every {durationSpec(h.intervalMs)}, pages {durationSpec(h.graceMs)} after a missed beat
            </span>
            <HeartbeatState heartbeat={h} now={now} />
          </li>
        ))}
      </ul>
      <ErrorText error={error} />
    </Card>
  );
}
