import type { QueryClient } from '@tanstack/react-query';
import type { TimelineEvent } from '../shared/timeline.js';
import { applyTimelineEvents, keys } from './queries.js';

/**
 * Keeps the query cache current from the server's event stream. EventSource reconnects by itself and
 * sends Last-Event-ID, so the server replays exactly what was missed; no polling.
 */
export function startLiveUpdates(client: QueryClient): () => void {
  const source = new EventSource('/api/events');
  let listRefresh: ReturnType<typeof setTimeout> | null = null;
  // What happened between the first fetch and the stream opening is not in the stream: refetch once.
  source.addEventListener('open', () => void client.invalidateQueries(), { once: true });
  source.addEventListener('timeline', (message) => {
    const event = JSON.parse((message as MessageEvent<string>).data) as TimelineEvent;
    applyTimelineEvents(client, event.incidentId, [event]);
    // A burst of events (a page to three devices) refreshes the list once.
    listRefresh ??= setTimeout(() => {
      listRefresh = null;
      void client.invalidateQueries({ queryKey: keys.incidents });
    }, 150);
  });
  return () => {
    source.close();
    if (listRefresh) clearTimeout(listRefresh);
  };
}
