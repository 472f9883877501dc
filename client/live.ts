import type { Query, QueryClient } from '@tanstack/react-query';
import type { IncidentSummary } from '../shared/api.js';
import { LIVE_HEARTBEAT_EVENT, LIVE_HEARTBEAT_MS } from '../shared/live-stream.js';
import type { TimelineEvent } from '../shared/timeline.js';
import { whenIdle } from './idle.js';
import { watchForSilence } from './live-watchdog.js';
import { applyTimelineEvents, incidentsQuery, keys, PAGE_STARTED_AT, refreshAfterTimelineChange } from './queries.js';

/**
 * Keeps the query cache current from the server's event stream. EventSource reconnects by itself and
 * sends Last-Event-ID, so the server replays exactly what was missed; no polling. `onOpen` runs each
 * time the stream (re)connects: onpoint is reachable again.
 */
export function startLiveUpdates(client: QueryClient, { onOpen }: { onOpen: () => void }): () => void {
  let lastEventId: string | null = null;
  let stopped = false;
  let listRefresh: ReturnType<typeof setTimeout> | null = null;
  let devicesChanged = false;
  // A connection that died without a word (no error event, just nothing more) is replaced, and the
  // replacement's open refetches what was missed.
  const silence = watchForSilence({
    silentMs: 2.5 * LIVE_HEARTBEAT_MS,
    checkEveryMs: LIVE_HEARTBEAT_MS / 2,
    onSilent: () => {
      if (!source || source.readyState === EventSource.CONNECTING) return;
      source.close();
      source = connect();
    },
  });
  let opened = false;
  let source: EventSource | null = null;
  // The first stream starts where the incident list's answer ends, so the server replays what happened in
  // between rather than everything being fetched again once it opens.
  let resumedFromList = false;
  void listCursor(client).then((cursor) => {
    if (stopped) return;
    if (cursor !== null) lastEventId = String(cursor);
    resumedFromList = cursor !== null;
    source = connect();
  });

  function connect(): EventSource {
    // A stream opened anew (not resumed by the browser) asks for what it missed itself.
    const es = new EventSource(lastEventId ? `/api/events?lastEventId=${encodeURIComponent(lastEventId)}` : '/api/events');
    es.addEventListener(LIVE_HEARTBEAT_EVENT, () => silence.heard());
    es.addEventListener('open', () => {
      silence.heard();
      // What happened while the stream was down is refetched once. The first time, only what the replay
      // from the list's answer does not cover (after the first screen is drawn): incidents fetched apart from
      // the list, and what came from the copy saved on the device.
      if (opened) void client.invalidateQueries();
      else if (resumedFromList) whenIdle(() => void client.invalidateQueries({ predicate: notCoveredByReplay }));
      else whenIdle(() => void client.invalidateQueries());
      opened = true;
      onOpen();
    });
    es.addEventListener('timeline', (message) => {
      silence.heard();
      const { data, lastEventId: id } = message as MessageEvent<string>;
      if (id) lastEventId = id;
      const event = JSON.parse(data) as TimelineEvent;
      applyTimelineEvents(client, event.incidentId, [event]);
      // The fold carries the new title; the alerts and their counts come with the incident's details.
      if (event.type === 'group_changed') void client.invalidateQueries({ queryKey: keys.incident(event.incidentId) });
      // A page sent, or its receipt: whether each device confirms its pages (Settings, the home screen).
      if (event.type === 'paged' || event.type === 'delivered' || event.type === 'push_failed') devicesChanged = true;
      // A burst of events (a page to three devices) refreshes the list once.
      listRefresh ??= setTimeout(() => {
        listRefresh = null;
        refreshAfterTimelineChange(client);
        if (devicesChanged) void client.invalidateQueries({ queryKey: keys.devices });
        devicesChanged = false;
      }, 150);
    });
    return es;
  }

  // After a failed reconnect (a 401, a proxy's error page) the browser gives up; the network coming back is worth another try.
  const onOnline = () => {
    if (source?.readyState === EventSource.CLOSED) source = connect();
  };
  window.addEventListener('online', onOnline);
  return () => {
    stopped = true;
    window.removeEventListener('online', onOnline);
    silence.stop();
    source?.close();
    if (listRefresh) clearTimeout(listRefresh);
  };
}

/**
 * The newest event in a fresh answer for the incident list (fetched now unless one came in the last few
 * seconds), or null when there is none to start from: no answer (offline), or no incident in it.
 */
async function listCursor(client: QueryClient): Promise<number | null> {
  try {
    return newestSeq(await client.fetchQuery(incidentsQuery));
  } catch {
    return null;
  }
}

/** The list shows each incident as of its last event; seqs grow with every event, whichever incident. */
const newestSeq = (incidents: readonly IncidentSummary[]): number | null =>
  incidents.length ? Math.max(...incidents.map((i) => i.state.lastSeq)) : null;

/**
 * An incident fetched on its own may have been read before the list, missing events the replay starts after;
 * data restored from the device is older than both. (Only an open incident screen's is fetched again now.)
 */
function notCoveredByReplay(query: Query): boolean {
  if (query.queryKey[0] === keys.incidents[0]) return false;
  return query.queryKey[0] === keys.incident('')[0] || query.state.dataUpdatedAt < PAGE_STARTED_AT;
}
