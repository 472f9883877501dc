import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister';
import { openOnpointDb } from './db.js';

/**
 * The query cache (incidents, timelines, who is on call) kept in onpoint's IndexedDB, so the app
 * opens with the last known state when there is no network.
 */
export const queryPersister = createAsyncStoragePersister({
  key: 'query-cache',
  // Live events arrive in bursts (a page to three devices); write once per burst.
  throttleTime: 500,
  storage: {
    getItem: async (key) => {
      const value = await (await openOnpointDb()).get('kv', key);
      return typeof value === 'string' ? value : null;
    },
    setItem: async (key, value) => void (await (await openOnpointDb()).put('kv', value, key)),
    removeItem: async (key) => (await openOnpointDb()).delete('kv', key),
  },
});

/** Bump when the shape of what the API returns changes, so an old cache is not read by new code. */
export const CACHE_FORMAT = '2';

/** How long a last known state is worth showing: a week-old incident list beats a blank screen. */
export const CACHE_MAX_AGE_MS = 7 * 24 * 3600_000;
