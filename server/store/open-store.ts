import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ownerOnlyDir, ownerOnlySqliteFiles } from './private-files.js';
import { openSqlStore } from './sql-store.js';
import { postgresClient, sqliteClient } from './sql-client.js';
import { createWalSync } from './wal-sync.js';
import type { Clock } from '../clock.js';
import type { Store } from './store.js';

/** SQLite in a data folder: nothing to install. */
export function openSqliteStore(dataDir: string, now: Clock): Promise<Store> {
  ownerOnlyDir(dataDir);
  const file = join(dataDir, 'onpoint.sqlite');
  ownerOnlySqliteFiles(file);
  const db = new Database(file);
  // An answered request is on disk even if the machine loses power: SQLite writes each commit to the WAL
  // (synchronous = NORMAL syncs it only at checkpoints) and the client syncs the WAL before anyone hears
  // back, off the event loop: under load, waiting for the disk was half of what a page cost.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return openSqlStore(sqliteClient(db, createWalSync(`${file}-wal`)), now).catch((err: unknown) => {
    db.close();
    throw err;
  });
}

/** How long a request waits for a connection or a query before the store counts as unreachable. */
const PG_TIMEOUT_MS = 5_000;

/**
 * PostgreSQL, for several onpoint processes on one database. A lost database shows up as failed
 * queries (503s) and the pool reconnects by itself once it is back; nothing here needs a restart.
 */
export async function openPostgresStore(url: string, now: Clock): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: PG_TIMEOUT_MS,
    query_timeout: PG_TIMEOUT_MS * 2,
  });
  // An idle connection dropped by the server must not crash the process; the next query gets a new one.
  pool.on('error', () => undefined);
  return openSqlStore(postgresClient(pool), now).catch(async (err: unknown) => {
    await pool.end().catch(() => undefined);
    throw err;
  });
}

/** `DATABASE_URL=postgres://…` selects PostgreSQL; otherwise SQLite in `dataDir`. */
export function openStore({ databaseUrl, dataDir }: { databaseUrl?: string; dataDir: string }, now: Clock): Promise<Store> {
  return databaseUrl ? openPostgresStore(databaseUrl, now) : openSqliteStore(dataDir, now);
}
