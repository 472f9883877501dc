import { onlineManager } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError } from './api.js';

/** Whether the browser believes it has a network; TanStack Query pauses fetches when it does not. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => onlineManager.subscribe(listener),
    () => onlineManager.isOnline(),
  );
}

/** The browser says online, but onpoint could not be reached (a hotspot with no backhaul). */
export const isUnreachable = (error: unknown) => error instanceof ApiError && error.status === 0;

/** Re-renders now and then, so "3 min ago" does not freeze at "just now". */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
