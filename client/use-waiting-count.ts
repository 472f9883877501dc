import { useEffect } from 'react';
import type { IncidentSummary } from '../shared/api.js';
import { setAppBadge, titleWithCount, waitingCount } from './badge.js';

/** Keeps the title and the app badge on the number of incidents paging that nobody has taken. */
export function useWaitingCount(incidents: readonly IncidentSummary[] | undefined): void {
  const count = incidents ? waitingCount(incidents) : null;
  useEffect(() => {
    if (count === null) return;
    document.title = titleWithCount(count);
    void setAppBadge(navigator, count);
  }, [count]);
}
