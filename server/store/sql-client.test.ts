import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../test-support/throwaway-postgres.js';
import { postgresClient, type SqlClient } from './sql-client.js';

describe('the PostgreSQL client', () => {
  let client: SqlClient | undefined;
  afterEach(async () => {
    await client?.close();
  });

  it('survives the database dropping a connection in the middle of a transaction', async () => {
    const url = await createTestDatabase(inject('postgresUrl'));
    client = postgresClient(new pg.Pool({ connectionString: url, max: 2 }));
    await client.exec('CREATE TABLE notes (body TEXT)');

    // What a database restart does to a busy connection; before the fix this ended the process.
    const interrupted = client.transaction(async (tx) => {
      await tx.run('INSERT INTO notes (body) VALUES (?)', ['lost with the connection']);
      const { pid } = (await tx.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!;
      await client!.get('SELECT pg_terminate_backend(?)', [pid]);
      await tx.get('SELECT 1');
    });
    const err = await interrupted.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(client.isUnavailable(err)).toBe(true);

    // Nothing half-written, and the next transaction gets a working connection.
    await client.transaction((tx) => tx.run('INSERT INTO notes (body) VALUES (?)', ['kept']));
    expect(await client.all('SELECT body FROM notes')).toEqual([{ body: 'kept' }]);
  });
});
