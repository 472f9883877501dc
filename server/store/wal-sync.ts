import { closeSync, fsync, openSync } from 'node:fs';
import { promisify } from 'node:util';

/** What makes SQLite's commits durable when SQLite itself does not sync them. */
export interface CommitSync {
  /** Resolves once every commit written before the call is on disk. */
  sync(): Promise<void>;
  /** After the syncs asked for so far. */
  close(): Promise<void>;
}

const fsyncAsync = promisify(fsync);

/**
 * Makes the commits written to a SQLite WAL durable by fsyncing the WAL file on libuv's thread pool: the
 * event loop goes on serving while the disk catches up. Commits that ask while a sync is running share the
 * next one (the running one may have started before they were written), so a burst of commits costs two
 * syncs, not one each.
 */
export function createWalSync(walPath: string, syncFile: (fd: number) => Promise<void> = fsyncAsync): CommitSync {
  let fd: number | null = null;
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;

  const syncOnce = (): Promise<void> => {
    // A failure to open is a failed sync, never a throw: the caller's commit must hear back either way.
    running = (async () => {
      // The WAL exists from the first write on, and is kept while the database is open.
      fd ??= openSync(walPath, 'r');
      await syncFile(fd);
    })().finally(() => (running = null));
    return running;
  };

  return {
    sync() {
      if (!running) return syncOnce();
      next ??= running
        .catch(() => undefined)
        .then(() => {
          next = null;
          return syncOnce();
        });
      return next;
    },
    async close() {
      await (next ?? running)?.catch(() => undefined);
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

/** For a database SQLite syncs itself (`synchronous = FULL`) or one in memory. */
export const SQLITE_SYNCS: CommitSync = { sync: async () => undefined, close: async () => undefined };
