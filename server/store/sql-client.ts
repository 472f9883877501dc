import Database from 'better-sqlite3';
import pg from 'pg';
import { type CommitSync, SQLITE_SYNCS } from './wal-sync.js';

/**
 * The little the store needs of a SQL database, for SQLite and PostgreSQL alike. SQL is written once
 * with `?` placeholders; the differences between the two are named in `Dialect`, nowhere else.
 */
export interface SqlClient {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  get<T>(sql: string, params?: unknown[]): Promise<T | undefined>;
  run(sql: string, params?: unknown[]): Promise<{ changes: number }>;
  /** Runs a script of several statements, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Whether an error means the database could not be reached or cannot write now, not that the request was bad. */
  isUnavailable(err: unknown): boolean;
  /** Runs `work` in one transaction: all of it is committed, or none. */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface Dialect {
  name: 'sqlite' | 'postgres';
  /** The column type of the timeline's ever-growing sequence number. */
  serialKey: string;
  /** Appended to a SELECT that a transaction will write back: rows another process is changing wait. */
  forUpdate: string;
  /** Appended to a claim's SELECT: rows another process holds are skipped, not waited for. */
  skipLocked: string;
  /** A statement that tells other processes, on commit, that the timeline grew (see live/pg-bus.ts). */
  notifyAppended: string | null;
}

/** The PostgreSQL channel other processes LISTEN on for new timeline events. */
export const EVENTS_CHANNEL = 'onpoint_events';

export const SQLITE: Dialect = {
  name: 'sqlite',
  serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  // One writer at a time already.
  forUpdate: '',
  skipLocked: '',
  notifyAppended: null,
};

export const POSTGRES: Dialect = {
  name: 'postgres',
  serialKey: 'BIGSERIAL PRIMARY KEY',
  forUpdate: ' FOR UPDATE',
  skipLocked: ' FOR UPDATE SKIP LOCKED',
  // Delivered when the transaction commits, and only then.
  notifyAppended: `SELECT pg_notify('${EVENTS_CHANNEL}', '')`,
};

/** Transactions one durable sync may cover; a bigger group waits for the next one. */
const MAX_GROUP = 64;

interface QueuedTransaction {
  work: (tx: SqlClient) => Promise<unknown>;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * better-sqlite3 is synchronous, but the store's transactions await between statements; a queue keeps
 * one transaction (or statement) on the connection at a time, so none runs inside another's.
 *
 * Transactions requested in the same turn of the event loop are committed together: one `COMMIT`, each in
 * its own savepoint so one that fails is rolled back alone. A transaction waits only for the I/O already
 * read in this turn (`setImmediate`), so alone it commits at once; under load the requests read together
 * commit together.
 *
 * `commits`: what makes a commit survive a power loss when SQLite itself does not sync on commit
 * (`synchronous = NORMAL`; see wal-sync.ts). Each caller hears back only after it, so an answered request
 * is on disk; the connection meanwhile takes the next transactions.
 */
export function sqliteClient(db: Database.Database, commits: CommitSync = SQLITE_SYNCS): SqlClient {
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T> | T): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  // Preparing is a good part of a statement's cost; onpoint's SQL is a fixed set of strings.
  const prepared = new Map<string, Database.Statement>();
  const statement = (sql: string) => {
    let found = prepared.get(sql);
    if (!found) prepared.set(sql, (found = db.prepare(sql)));
    return found;
  };
  const direct: SqlClient = {
    dialect: SQLITE,
    isUnavailable: sqliteUnavailable,
    all: async <T>(sql: string, params: unknown[] = []) => statement(sql).all(...params) as T[],
    get: async <T>(sql: string, params: unknown[] = []) => statement(sql).get(...params) as T | undefined,
    run: async (sql, params = []) => ({ changes: statement(sql).run(...params).changes }),
    exec: async (sql) => void db.exec(sql),
    transaction: (work) => work(direct),
    close: async () => void db.close(),
  };

  /** Runs one queued transaction inside the open one; `savepoint` when others share the commit. */
  async function runInGroup(item: QueuedTransaction, savepoint: boolean) {
    if (savepoint) db.exec('SAVEPOINT one');
    try {
      const result = await item.work(direct);
      if (savepoint) db.exec('RELEASE one');
      return { ok: true as const, result };
    } catch (err) {
      if (!savepoint) throw err;
      db.exec('ROLLBACK TO one; RELEASE one');
      return { ok: false as const, err };
    }
  }

  let forming: QueuedTransaction[] | null = null;
  async function commitGroup(group: QueuedTransaction[]) {
    if (forming === group) forming = null;
    db.exec('BEGIN IMMEDIATE');
    let outcomes;
    try {
      outcomes = [];
      for (const item of group) outcomes.push(await runInGroup(item, group.length > 1));
      db.exec('COMMIT');
    } catch (err) {
      // A failed write can have ended the transaction already.
      if (db.inTransaction) db.exec('ROLLBACK');
      // Nothing of the group is on disk: every caller hears so.
      for (const item of group) item.reject(err);
      return;
    }
    const settled = outcomes;
    // Not awaited here: the next transactions run while the disk syncs this one.
    commits.sync().then(
      () => settled.forEach((o, i) => (o.ok ? group[i].resolve(o.result) : group[i].reject(o.err))),
      // Committed but perhaps not on disk: nobody is told it is. A retry finds it (ids, dedup keys).
      (err: unknown) => group.forEach((item) => item.reject(err)),
    );
  }

  return {
    dialect: SQLITE,
    isUnavailable: sqliteUnavailable,
    all: (sql, params) => exclusive(() => direct.all(sql, params)),
    get: (sql, params) => exclusive(() => direct.get(sql, params)),
    run: (sql, params) => exclusive(() => direct.run(sql, params)),
    exec: (sql) => exclusive(() => direct.exec(sql)),
    transaction: <T>(work: (tx: SqlClient) => Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        const item = { work, resolve: resolve as (result: unknown) => void, reject };
        if (forming && forming.length < MAX_GROUP) return void forming.push(item);
        const group = (forming = [item]);
        // After this turn's I/O: the requests that arrived with this one join its commit.
        setImmediate(() => void exclusive(() => commitGroup(group)));
      }),
    close: () =>
      exclusive(async () => {
        await commits.close();
        db.close();
      }),
  };
}

/** A locked, full or failing disk: the data folder cannot take writes now. */
const sqliteUnavailable = (err: unknown) =>
  /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY)/.test((err as { code?: string }).code ?? '');

/** No connection, a dropped one, a server shutting down or out of connections, a timeout. */
function postgresUnavailable(err: unknown): boolean {
  const { code = '', message = '' } = err as { code?: string; message?: string };
  return (
    /^(08|57P0|53300)/.test(code) ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(code) ||
    /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error/.test(
      message,
    )
  );
}

/** `?` placeholders become `$1, $2, …` (onpoint's SQL never has a `?` inside a literal). */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

type Queryable = Pick<pg.Pool, 'query'>;

function pgQueries(on: Queryable): Omit<SqlClient, 'transaction' | 'close'> {
  const query = (sql: string, params: unknown[] = []) => on.query(numbered(sql), params);
  return {
    dialect: POSTGRES,
    isUnavailable: postgresUnavailable,
    all: async <T>(sql: string, params?: unknown[]) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params?: unknown[]) => (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql, params) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
    exec: async (sql) => void (await on.query(sql)),
  };
}

export function postgresClient(pool: pg.Pool): SqlClient {
  return {
    ...pgQueries(pool),
    async transaction(work) {
      const connection = await pool.connect();
      const tx: SqlClient = {
        ...pgQueries(connection),
        transaction: (inner) => inner(tx),
        close: async () => undefined,
      };
      let broken: Error | undefined;
      // The pool stops listening for errors on a connection it has handed out; without this, a
      // database that goes away mid-transaction would be an unhandled 'error' that ends the process.
      const lost = (err: Error) => (broken = err);
      connection.on('error', lost);
      try {
        await connection.query('BEGIN');
        const result = await work(tx);
        await connection.query('COMMIT');
        return result;
      } catch (err) {
        // A connection that cannot even roll back is dropped, not handed to the next request.
        await connection.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw err;
      } finally {
        connection.off('error', lost);
        connection.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
