import type { QueryClient } from '@tanstack/react-query';
import { LIVE_HEARTBEAT_EVENT, LIVE_HEARTBEAT_MS } from '../shared/live-stream.js';
import type { TimelineEvent } from '../shared/timeline.js';
import { whenIdle } from './idle.js';
import { watchForSilence } from './live-watchdog.js';
import { applyTimelineEvents, keys, refreshAfterTimelineChange } from './queries.js';

/**
 * Keeps the query cache current from the server's event stream. EventSource reconnects by itself and
 * sends Last-Event-ID, so the server replays exactly what was missed; no polling. `onOpen` runs each
 * time the stream (re)connects: onpoint is reachable again.
 */
export function startLiveUpdates(client: QueryClient, { onOpen }: { onOpen: () => void }): () => void {
  let lastEventId: string | null = null;
  let listRefresh: ReturnType<typeof setTimeout> | null = null;
  let devicesChanged = false;
  // A connection that died without a word (no error event, just nothing more) is replaced, and the
  // replacement's open refetches what was missed.
  const silence = watchForSilence({
    silentMs: 2.5 * LIVE_HEARTBEAT_MS,
    checkEveryMs: LIVE_HEARTBEAT_MS / 2,
    onSilent: () => {
      if (source.readyState === EventSource.CONNECTING) return;
      source.close();
      source = connect();
    },
  });
  let opened = false;
  let source = connect();

  function connect(): EventSource {
    // A stream opened anew (not resumed by the browser) asks for what it missed itself.
    const es = new EventSource(lastEventId ? `/api/events?lastEventId=${encodeURIComponent(lastEventId)}` : '/api/events');
    es.addEventListener(LIVE_HEARTBEAT_EVENT, () => silence.heard());
    es.addEventListener('open', () => {
      silence.heard();
      // What happened while the stream was down, and before it first opened, is refetched once; the
      // first time, after the first screen is drawn from what was just fetched for it.
      const refetch = () => void client.invalidateQueries();
      if (opened) refetch();
      else whenIdle(refetch);
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
    if (source.readyState === EventSource.CLOSED) source = connect();
  };
  window.addEventListener('online', onOnline);
  return () => {
    window.removeEventListener('online', onOnline);
    silence.stop();
    source.close();
    if (listRefresh) clearTimeout(listRefresh);
  };
}
