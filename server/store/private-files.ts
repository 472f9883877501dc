import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * onpoint's data is for onpoint's user alone: the database holds the VAPID private key and the keys that
 * sign receipts and calendar links. Modes are set outright, so neither the umask nor folders and files
 * left by an older onpoint (0755/0644) decide them.
 */
const OWNER_ONLY_DIR = 0o700;
const OWNER_ONLY_FILE = 0o600;
/** What SQLite keeps beside a database; it makes them with the database file's mode. */
const SQLITE_SIDECARS = ['-wal', '-shm', '-journal'];

export function ownerOnlyDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR });
  chmodSync(dir, OWNER_ONLY_DIR);
}

/** The database file made owner-only before SQLite opens it (SQLite would make it 0644 less the umask). */
export function ownerOnlySqliteFiles(dbPath: string): void {
  closeSync(openSync(dbPath, 'a', OWNER_ONLY_FILE));
  chmodSync(dbPath, OWNER_ONLY_FILE);
  for (const sidecar of SQLITE_SIDECARS.map((suffix) => dbPath + suffix)) {
    if (existsSync(sidecar)) chmodSync(sidecar, OWNER_ONLY_FILE);
  }
}
