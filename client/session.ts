import type { QueryClient } from '@tanstack/react-query';
import { api } from './api.js';
import { deviceKeys } from './device-queries.js';
import { startLiveUpdates } from './live.js';
import { forgetEverything, setCurrentUser } from './offline/db.js';
import { syncPlaybooks } from './offline/playbook-store.js';
import { queryPersister } from './offline/query-persister.js';
import { flushOutboxNow, startOutboxSender } from './outbox-sender.js';

/**
 * Everything that runs while someone is logged in: the live stream, the outbox sender, and the
 * playbook library kept in step with the server each time onpoint can be reached.
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
  const stopOutbox = startOutboxSender(client, email);
  const stopLive = startLiveUpdates(client, {
    onOpen: () => {
      void flushOutboxNow();
      void syncLibrary();
    },
  });
  return () => {
    stopLive();
    stopOutbox();
  };
}

/** Logging out leaves none of the team's data on the device: cache, playbooks, outbox. */
export async function endSession(client: QueryClient): Promise<void> {
  await api<void>('/api/logout', { method: 'POST', body: {} });
  client.clear();
  await Promise.all([forgetEverything(), queryPersister.removeClient()]);
  client.setQueryData(['me'], null);
}
