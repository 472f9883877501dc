import type { QueryClient } from '@tanstack/react-query';
import { NoContent } from '../shared/api.js';
import { api } from './api.js';
import { deviceKeys } from './device-queries.js';
import { startLiveUpdates } from './live.js';
import { forgetEverything, setCurrentUser } from './offline/db.js';
import { syncPlaybooks } from './offline/playbook-store.js';
import { queryPersister } from './offline/query-persister.js';
import { flushOutboxNow, startOutboxSender } from './outbox/page-sender.js';
import { checkPushSubscription } from './push/subscription-check.js';
import { devicesQuery, keys } from './queries.js';

/**
 * Everything that runs while someone is logged in: the live stream, the outbox sender, the playbook
 * library kept in step with the server each time onpoint can be reached, and the check that the server
 * has this browser's push subscription.
 */
export function startSession(client: QueryClient, email: string): () => void {
  // The service worker sends queued notification taps under this person's session only.
  void setCurrentUser(email);
  const syncLibrary = () =>
    syncPlaybooks(api)
      .then((report) => {
        if (report.downloaded || report.removed) void client.invalidateQueries({ queryKey: deviceKeys.all });
      })
      .catch((err: unknown) => console.warn('onpoint: playbooks not synced yet', err));
  // Once a session, as soon as onpoint can be reached: does the server push to this browser's subscription?
  let subscriptionChecked = false;
  const checkSubscription = () => {
    if (subscriptionChecked) return;
    subscriptionChecked = true;
    checkPushSubscription(email, () => client.fetchQuery(devicesQuery))
      .then((result) => {
        if (result === 'queued') void flushOutboxNow();
        if (result === 'adopted') void client.invalidateQueries({ queryKey: deviceKeys.thisDevice });
      })
      .catch((err: unknown) => {
        subscriptionChecked = false;
        console.warn('onpoint: could not check this device’s push subscription', err);
      });
  };
  const stopOutbox = startOutboxSender(client, email);
  const stopLive = startLiveUpdates(client, {
    onOpen: () => {
      void flushOutboxNow();
      void syncLibrary();
      checkSubscription();
    },
  });
  return () => {
    stopLive();
    stopOutbox();
  };
}

/**
 * Logging out leaves none of the team's data on the device: cache, playbooks, outbox. `everywhere` ends
 * every session of the person, on every device, this one included.
 */
export async function endSession(client: QueryClient, { everywhere = false } = {}): Promise<void> {
  await api(everywhere ? '/api/sessions/end-all' : '/api/logout', NoContent, { method: 'POST', body: {} });
  // The `me` query is kept, set to nobody, so the screens watching it show the login; clearing the whole
  // cache instead would leave them watching a query no longer in it, still showing the person.
  client.setQueryData(keys.me, null);
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.me[0] });
  await Promise.all([forgetEverything(), queryPersister.removeClient()]);
}
