import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { PersistQueryClientProvider, type PersistQueryClientOptions } from '@tanstack/react-query-persist-client';
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

/**
 * React DOM and the screens, loaded apart from main.ts: the start's requests go out before this module is
 * evaluated, and its evaluation (the largest of a cold start) is a task of its own while they are on their way.
 * With `persistOptions`, the saved copy is read before the first screen.
 */
export function renderApp(queryClient: QueryClient, persistOptions: Omit<PersistQueryClientOptions, 'queryClient'> | null): void {
  const root = createRoot(document.getElementById('root')!);
  // A transition renders in slices, answering taps between them, while the page already shows "Loading…".
  startTransition(() =>
    root.render(
      <StrictMode>
        {persistOptions ? (
          <PersistQueryClientProvider client={queryClient} persistOptions={persistOptions}>
            <App />
          </PersistQueryClientProvider>
        ) : (
          <QueryClientProvider client={queryClient}>
            <App />
          </QueryClientProvider>
        )}
      </StrictMode>,
    ),
  );
}
