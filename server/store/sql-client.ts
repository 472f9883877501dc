import Database from 'better-sqlite3';
import pg from 'pg';

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

/**
 * better-sqlite3 is synchronous, but the store's transactions await between statements; a queue keeps
 * one transaction (or statement) on the connection at a time, so none runs inside another's.
 */
export function sqliteClient(db: Database.Database): SqlClient {
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
  return {
    dialect: SQLITE,
    isUnavailable: sqliteUnavailable,
    all: (sql, params) => exclusive(() => direct.all(sql, params)),
    get: (sql, params) => exclusive(() => direct.get(sql, params)),
    run: (sql, params) => exclusive(() => direct.run(sql, params)),
    exec: (sql) => exclusive(() => direct.exec(sql)),
    transaction: (work) =>
      exclusive(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(direct);
          db.exec('COMMIT');
          return result;
        } catch (err) {
          db.exec('ROLLBACK');
          throw err;
        }
      }),
    close: () => exclusive(() => void db.close()),
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
