import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister';
import {
  persistQueryClientRestore,
  persistQueryClientSave,
  persistQueryClientSubscribe,
  type PersistedClient,
  type Persister,
  type PersistQueryClientOptions,
} from '@tanstack/react-query-persist-client';
import { openOnpointDb } from './db.js';

/**
 * Set once the cache has been saved, kept where it reads at once: opening IndexedDB at start takes a few
 * hundred milliseconds on a phone (creating the database, on a first visit), too long to learn nothing.
 */
const SAVED_FLAG = 'onpoint:query-cache-saved';

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
    setItem: async (key, value) => {
      await (await openOnpointDb()).put('kv', value, key);
      localStorage.setItem(SAVED_FLAG, '1');
    },
    removeItem: async (key) => {
      localStorage.removeItem(SAVED_FLAG);
      await (await openOnpointDb()).delete('kv', key);
    },
  },
});

/** Bump when the shape of what the API returns changes, so an old cache is not read by new code. */
export const CACHE_FORMAT = '2';

/** How long a last known state is worth showing: a week-old incident list beats a blank screen. */
export const CACHE_MAX_AGE_MS = 7 * 24 * 3600_000;

/** Whether this device has a saved cache to open with, the only thing a cold start offline can show. */
export const hasSavedQueryCache = () => localStorage.getItem(SAVED_FLAG) !== null;

/**
 * With no saved cache, the first screen does not wait for one: the cache is saved from now on, once any copy
 * saved before the flag existed has been read in (it fills in what the network has not answered yet).
 */
export function persistWithoutWaiting(options: PersistQueryClientOptions): void {
  void persistQueryClientRestore(options)
    .catch(() => undefined)
    .then(() => {
      persistQueryClientSubscribe(options);
      // What came in while reading is saved now, not at the next change.
      return persistQueryClientSave(options);
    });
}

/**
 * `persister`, with a restore that gives up after `ms` while the browser says it is online. Until a restore ends
 * the app is not live (TanStack holds every query), and an IndexedDB that never answers (WebKit has shipped such
 * bugs) must not hold back what the network brings. A copy read after that still goes to `restoreLate`, and
 * nothing is written over it before it has been read: a slow disk never costs the offline copy.
 */
export function restoringAtMost(persister: Persister, ms: number, restoreLate: (copy: PersistedClient) => void): Persister {
  let reading: Promise<unknown> = Promise.resolve();
  return {
    restoreClient: () => {
      const read = Promise.resolve(persister.restoreClient());
      reading = read.catch(() => undefined);
      // Offline, the copy is all there is to show: worth any wait.
      if (!navigator.onLine) return read;
      let gaveUp = false;
      void read.then(
        (copy) => gaveUp && copy && restoreLate(copy),
        () => undefined,
      );
      return Promise.race([read, new Promise<undefined>((resolve) => setTimeout(() => resolve(void (gaveUp = true)), ms))]);
    },
    persistClient: async (client) => {
      await reading;
      await persister.persistClient(client);
    },
    removeClient: async () => {
      await reading;
      await persister.removeClient();
    },
  };
}
