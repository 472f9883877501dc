import { onlineManager, QueryCache, QueryClient } from '@tanstack/react-query';
import { PersistQueryClientProvider } from '@tanstack/react-query-persist-client';
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api.js';
import { isUnreachable } from './connection.js';
import { isDeviceQuery } from './device-queries.js';
import { CACHE_FORMAT, CACHE_MAX_AGE_MS, queryPersister } from './offline/query-persister.js';
import { registerServiceWorker } from './pwa.js';
import { devicesQuery, incidentsQuery, keys, meQuery, nudgeQuery, onCallQuery, teamQuery } from './queries.js';
import { App } from './App.js';
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
// then finds who is logged in, the list and who is on call on their way, instead of asking once it has
// rendered, with what the status area above the list needs (devices, the night nudge).
void queryClient.prefetchQuery(meQuery).then(() => {
  if (!queryClient.getQueryData(keys.me)) return;
  void queryClient.prefetchQuery(incidentsQuery);
  void queryClient.prefetchQuery(onCallQuery);
  void queryClient.prefetchQuery(teamQuery);
  void queryClient.prefetchQuery(devicesQuery);
  void queryClient.prefetchQuery(nudgeQuery);
});

if (import.meta.env.PROD) registerServiceWorker();

const root = createRoot(document.getElementById('root')!);
// A transition renders in slices, answering taps between them, while the page already shows "Loading…".
startTransition(() =>
  root.render(
    <StrictMode>
      <PersistQueryClientProvider
        client={queryClient}
        persistOptions={{
          persister: queryPersister,
          maxAge: CACHE_MAX_AGE_MS,
          buster: CACHE_FORMAT,
          dehydrateOptions: {
            // Nobody logged in is not worth remembering: it would show the login screen after logging in and reloading.
            shouldDehydrateQuery: (q) => q.state.status === 'success' && q.state.data != null && !isDeviceQuery(q.queryKey),
          },
        }}
      >
        <App />
      </PersistQueryClientProvider>
    </StrictMode>,
  ),
);
