import { onlineManager, QueryCache, QueryClient } from '@tanstack/react-query';
import { PersistQueryClientProvider } from '@tanstack/react-query-persist-client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api.js';
import { isUnreachable } from './connection.js';
import { isDeviceQuery } from './device-queries.js';
import { CACHE_FORMAT, CACHE_MAX_AGE_MS, queryPersister } from './offline/query-persister.js';
import { registerServiceWorker } from './pwa.js';
import { keys } from './queries.js';
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

if (import.meta.env.PROD) registerServiceWorker();

createRoot(document.getElementById('root')!).render(
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
);
