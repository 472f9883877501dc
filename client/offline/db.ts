import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ActionBody } from '../../shared/actions.js';
import type { Playbook } from '../../shared/api.js';

/**
 * The one IndexedDB database of onpoint, opened by the page and by the service worker alike.
 * Imported by both, so it may only use what windows and workers share.
 */

export interface OutboxEntry {
  /** The action's own id: the idempotency key on the server and the key here. */
  id: string;
  incidentId: string;
  /** Whose session queued it; only that person's session sends it. */
  email: string;
  action: ActionBody;
  queuedAt: string;
  /** Milliseconds since the epoch, finer than queuedAt: two taps in one millisecond keep their order. */
  order: number;
  /** Set when the server refused it for good (a 4xx): kept and shown until the person dismisses it. */
  rejected: { status: number; message: string } | null;
}

export interface StoredPlaybook {
  playbook: Playbook;
  etag: string;
  /** Title, alerts and text in lower case, for searching offline. */
  searchText: string;
}

interface OnpointSchema extends DBSchema {
  outbox: { key: string; value: OutboxEntry; indexes: { order: number } };
  playbooks: { key: string; value: StoredPlaybook };
  /** Small values by name: the persisted query cache, the person logged in, this device, a device registration waiting. */
  kv: { key: string; value: unknown };
}

export type OnpointDb = IDBPDatabase<OnpointSchema>;
type UpgradeTransaction = IDBPTransaction<OnpointSchema, StoreNames<OnpointSchema>[], 'versionchange'>;

export const DB_NAME = 'onpoint';

/** Migrations in order; the database version is their count. Never edit one that has shipped: add one. */
const MIGRATIONS: ((db: OnpointDb, tx: UpgradeTransaction) => void)[] = [
  (db) => {
    db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('order', 'order');
    db.createObjectStore('playbooks', { keyPath: 'playbook.slug' });
    db.createObjectStore('kv');
  },
];
export const DB_VERSION = MIGRATIONS.length;

let opening: Promise<OnpointDb> | null = null;

export function openOnpointDb(): Promise<OnpointDb> {
  opening ??= openDB<OnpointSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < DB_VERSION; v++) MIGRATIONS[v](db, tx);
    },
    // A newer version of the app (a new worker, another tab) wants to migrate: step aside, reopen next time.
    blocking() {
      void opening?.then((db) => db.close());
      opening = null;
    },
  }).catch((err: unknown) => {
    opening = null;
    throw err;
  });
  return opening;
}

const CURRENT_USER = 'currentUser';

/** Who is logged in on this device, for the service worker, which cannot ask the page. */
export async function setCurrentUser(email: string | null): Promise<void> {
  const db = await openOnpointDb();
  if (email) await db.put('kv', email, CURRENT_USER);
  else await db.delete('kv', CURRENT_USER);
}

export async function getCurrentUser(): Promise<string | null> {
  const value = await (await openOnpointDb()).get('kv', CURRENT_USER);
  return typeof value === 'string' ? value : null;
}

/** The device's own identity (see this-device.ts): the server keeps the device after a logout, so it stays too. */
export const KV_THIS_DEVICE = 'thisDevice';
export const KV_VAPID_KEY = 'vapidKey';
const KEPT_AFTER_LOGOUT = [KV_THIS_DEVICE, KV_VAPID_KEY];

/** Logging out leaves nothing of the team's behind on the device. */
export async function forgetEverything(): Promise<void> {
  const db = await openOnpointDb();
  const tx = db.transaction(['outbox', 'playbooks', 'kv'], 'readwrite');
  const kv = tx.objectStore('kv');
  const kept = await Promise.all(KEPT_AFTER_LOGOUT.map(async (key) => [key, await kv.get(key)] as const));
  await Promise.all([tx.objectStore('outbox').clear(), tx.objectStore('playbooks').clear(), kv.clear()]);
  await Promise.all(kept.filter(([, value]) => value !== undefined).map(([key, value]) => kv.put(value, key)));
  await tx.done;
}
