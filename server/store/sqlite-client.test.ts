import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteClient, type SqlClient } from './sql-client.js';

describe('the SQLite client under load', () => {
  let dir: string;
  let db: Database.Database;
  let other: Database.Database;
  let client: SqlClient;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onpoint-sqlite-client-'));
    db = new Database(join(dir, 'db.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // Another process's view of the file: it sees only what is committed.
    other = new Database(join(dir, 'db.sqlite'), { readonly: true });
    client = sqliteClient(db);
    await client.exec(`
      CREATE TABLE teams (name TEXT PRIMARY KEY);
      CREATE TABLE notes (body TEXT NOT NULL, team TEXT REFERENCES teams (name) DEFERRABLE INITIALLY DEFERRED);`);
  });
  afterEach(() => {
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const committed = () =>
    other
      .prepare('SELECT body FROM notes ORDER BY body')
      .all()
      .map((r) => (r as { body: string }).body);
  const write = (body: string) => client.transaction((tx) => tx.run('INSERT INTO notes (body) VALUES (?)', [body]));

  it('commits transactions that queue up together, and answers none before that commit', async () => {
    const seenByOthers: string[][] = [];
    const writes = [
      write('first'),
      client.transaction(async (tx) => {
        await tx.run('INSERT INTO notes (body) VALUES (?)', ['second']);
        // Inside one commit: the first write is not on disk yet, so nobody has been told it is.
        seenByOthers.push(committed());
      }),
      write('third'),
    ];
    await Promise.all(writes);
    expect(seenByOthers).toEqual([[]]);
    expect(committed()).toEqual(['first', 'second', 'third']);
  });

  it('rolls back only the transaction that failed in a shared commit', async () => {
    const results = await Promise.allSettled([
      write('kept before'),
      client.transaction(async (tx) => {
        await tx.run('INSERT INTO notes (body) VALUES (?)', ['half-written']);
        throw new Error('the request was bad');
      }),
      write('kept after'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('the request was bad'));
    expect(committed()).toEqual(['kept after', 'kept before']);
  });

  it('tells every transaction of a commit that fails that nothing was written', async () => {
    const results = await Promise.allSettled([
      write('innocent'),
      // Checked only at COMMIT: the whole shared commit fails.
      client.transaction((tx) => tx.run('INSERT INTO notes (body, team) VALUES (?, ?)', ['orphan', 'no such team'])),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(committed()).toEqual([]);
    // The connection is usable again.
    await write('next');
    expect(committed()).toEqual(['next']);
  });

  it('commits a transaction on its own at once when nothing else is waiting', async () => {
    await write('alone');
    expect(committed()).toEqual(['alone']);
  });

  it('tells nobody of a commit before it is synced to disk, and takes the next transactions meanwhile', async () => {
    let finishSync: (err?: Error) => void = () => undefined;
    const synced = sqliteClient(db, {
      sync: () => new Promise<void>((resolve, reject) => (finishSync = (err) => (err ? reject(err) : resolve()))),
      close: async () => undefined,
    });
    let answered = false;
    const first = synced
      .transaction((tx) => tx.run('INSERT INTO notes (body) VALUES (?)', ['first']))
      .then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    // The connection is not held by the sync.
    expect(await synced.get('SELECT COUNT(*) AS n FROM notes')).toEqual({ n: 1 });
    finishSync();
    await first;
    expect(answered).toBe(true);

    // A disk that fails the sync: committed, but nobody is told it is on disk.
    const second = synced.transaction((tx) => tx.run('INSERT INTO notes (body) VALUES (?)', ['second']));
    await new Promise((r) => setTimeout(r, 20));
    finishSync(Object.assign(new Error('I/O error'), { code: 'EIO' }));
    await expect(second).rejects.toThrow('I/O error');
  });
});
