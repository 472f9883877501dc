import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Workbox } from 'workbox-window';
import { navigate } from 'wouter/use-browser-location';
import type { WorkerToPage } from './sw/messages.js';
import { App } from './App.js';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true } },
});

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  void new Workbox('/sw.js').register();
  // A tap on a notification asks an open window to show that incident.
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<WorkerToPage>) => {
    if (event.data?.type === 'open') navigate(event.data.url);
  });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
