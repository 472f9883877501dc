import { onlineManager, QueryCache, QueryClient } from '@tanstack/react-query';
import { persistQueryClientRestore, type PersistQueryClientOptions } from '@tanstack/react-query-persist-client';
import { ApiError } from './api.js';
import { isUnreachable } from './connection.js';
import { isDeviceQuery, thisDeviceQuery } from './device-queries.js';
import { FIRST_ANSWERS, whenAnswersSettle } from './first-render.js';
import { whenIdle } from './idle.js';
import {
  CACHE_FORMAT,
  CACHE_MAX_AGE_MS,
  hasSavedQueryCache,
  persistWithoutWaiting,
  queryPersister,
  restoringAtMost,
} from './offline/query-persister.js';
import { registerServiceWorker } from './pwa.js';
import { keys, meQueryAtStart } from './queries.js';
import './styles.css';

// TanStack Query assumes online until told otherwise; a cold start with no network must not wait on fetches.
onlineManager.setOnline(navigator.onLine);

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // A session that ended elsewhere (expired, logged out on another tab) shows the login screen.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 401) queryClient.setQueryData(keys.me, null);
    },
  }),
  defaultOptions: {
    queries: {
      // Retrying cannot help with no route to the server; the stream reconnecting refetches.
      retry: (failures, error) => !isUnreachable(error) && failures < 1,
      refetchOnWindowFocus: true,
      // Kept as long as the saved copy, so the last known state survives a week on the device.
      gcTime: CACHE_MAX_AGE_MS,
    },
  },
});

// Asked for now, while the saved copy is read from the device and React starts: the incident list screen
// then finds who is logged in and what it shows on their way, instead of asking once it has rendered.
void queryClient.prefetchQuery(meQueryAtStart(queryClient));
// The status area above the list reads it from IndexedDB, whose opening (creating, on a first visit) takes
// longer than the server's answers: begun now, it overlaps with them rather than following them.
void queryClient.prefetchQuery(thisDeviceQuery);

if (import.meta.env.PROD) registerServiceWorker();

/** Longest wait for the saved copy while online: until it is read, no screen is live. */
const RESTORE_WAIT_MS = 2_000;

const persistOptions: Omit<PersistQueryClientOptions, 'queryClient'> = {
  // A copy read late fills in what the network has not answered (newer answers are kept).
  persister: restoringAtMost(queryPersister, RESTORE_WAIT_MS, (copy) => {
    const late = { ...queryPersister, restoreClient: () => copy };
    void persistQueryClientRestore({ queryClient, persister: late, maxAge: CACHE_MAX_AGE_MS, buster: CACHE_FORMAT }).catch(
      () => undefined,
    );
  }),
  maxAge: CACHE_MAX_AGE_MS,
  buster: CACHE_FORMAT,
  dehydrateOptions: {
    // Nobody logged in is not worth remembering: it would show the login screen after logging in and reloading.
    shouldDehydrateQuery: (q) => q.state.status === 'success' && q.state.data != null && !isDeviceQuery(q.queryKey),
  },
};
// A saved cache is read before the first screen: offline it is all there is to show, and online it shows
// at once what the network confirms a moment later. Nothing saved, nothing to wait for.
const waitForSavedCache = hasSavedQueryCache();
// Opening IndexedDB (creating it, on a first visit) would hold up the answers the first screen waits for.
if (!waitForSavedCache) whenIdle(() => persistWithoutWaiting({ ...persistOptions, queryClient }));

// Evaluated after the requests above have gone out: in a task of its own on a first visit (index.html
// preloads it), at once in the one script a later start runs from its code cache (shell.html).
const app = import('./render-app.js');
const render = () => void app.then(({ renderApp }) => renderApp(queryClient, waitForSavedCache ? persistOptions : null));
// With nothing saved there is nothing to show but "Loading…" until the answers are in: the incident list is
// then rendered once, with them, in slices. A saved copy is shown at once instead, the answers confirming it;
// and any other screen (an incident opened from a notification) at once, to ask for its own answers.
if (waitForSavedCache || location.pathname !== '/') render();
else void whenAnswersSettle(queryClient, FIRST_ANSWERS).then(render);
