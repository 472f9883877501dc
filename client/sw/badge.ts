import { IncidentList } from '../../shared/api.js';
import { api } from '../api.js';
import { setAppBadge, waitingCount } from '../badge.js';

declare const self: ServiceWorkerGlobalScope;

/**
 * The app badge, counted again from the server: after a page arrives or an acknowledgement is sent from
 * a notification, when no page of the app may be open to do it. Without a connection it stays as it was.
 */
export async function refreshBadge(): Promise<void> {
  try {
    const { incidents } = await api('/api/incidents', IncidentList);
    await setAppBadge(self.navigator, waitingCount(incidents));
  } catch {
    // No signal or logged out: the badge keeps its last count, and the app sets it when it opens.
  }
}
