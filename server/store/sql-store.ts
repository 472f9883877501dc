import { insightsQueries } from '../insights/insights-sql.js';
import { deviceSql } from '../devices/device-sql.js';
import { timerSql } from '../escalation/timer-sql.js';
import { heartbeatSql } from '../heartbeats/heartbeat-sql.js';
import { incidentSql } from '../incidents/incident-sql.js';
import type { Clock } from '../clock.js';
import { pushQueueSql } from '../paging/push-queue-sql.js';
import { scheduleSql } from '../schedule/schedule-sql.js';
import { sessionSql } from '../sessions/session-sql.js';
import { migrations, type Migration } from './migrations.js';
import type { SqlClient } from './sql-client.js';
import type { Store } from './store.js';

/** Above this onpoint's newest migration, a database was written by a newer onpoint: refuse, do not guess. */
export class SchemaTooNewError extends Error {}

/** `upTo`: the migrations to apply; all of them, but for a test that writes a database as an older onpoint did. */
export async function migrate(sql: SqlClient, upTo: readonly Migration[] = migrations): Promise<void> {
  const known = upTo[upTo.length - 1].version;
  // Two processes starting together: the lock (PostgreSQL) or the write transaction (SQLite) lets one migrate.
  await sql.transaction(async (tx) => {
    if (tx.dialect.name === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(7070)');
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = await tx.get<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_version');
    const current = row?.version ?? 0;
    if (current > known) {
      throw new SchemaTooNewError(
        `The database is at schema version ${current}, newer than this onpoint knows (${known}). Upgrade onpoint, or point it at another database.`,
      );
    }
    for (const migration of upTo.filter((m) => m.version > current)) {
      await tx.exec(migration.sql(tx.dialect));
      await migration.backfill?.(tx);
      await tx.run('INSERT INTO schema_version (version) VALUES (?)', [migration.version]);
    }
  });
}

/**
 * The store over any SqlClient: the same SQL, the same migrations and the same guarantees on SQLite
 * and PostgreSQL. Every method is one transaction or one statement.
 */
export async function openSqlStore(sql: SqlClient, now: Clock): Promise<Store> {
  await migrate(sql);

  const timers = timerSql(sql);
  const queue = pushQueueSql(sql);
  const incidents = incidentSql(sql, now, { timers, queue });
  const { appendAll } = incidents;

  return {
    async getSetting(key) {
      return (await sql.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))?.value ?? null;
    },
    async initSetting(key, value) {
      await sql.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, value]);
      return (await sql.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))!.value;
    },
    async setSetting(key, value) {
      await sql.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
        key,
        value,
      ]);
    },
    ...sessionSql(sql, now),
    ...scheduleSql(sql),
    ...deviceSql(sql),
    ...incidents.methods,
    ...timers.methods,
    takeEscalationStep({ incidentId, from, next, events, pushes }) {
      return sql.transaction(async (tx) => {
        // The incident row first, as every append and an acknowledgement's follow-up lock it: one order, no deadlock.
        await incidents.lock(tx, [incidentId]);
        if (!(await timers.moveTimer(tx, incidentId, from, next))) return null;
        // A step that ends the climb (next null) with no timer before it still pages.
        const results = await appendAll(tx, events);
        await queue.insertPushes(tx, pushes);
        return results;
      });
    },
    enqueuePushes(pushes, events) {
      return sql.transaction(async (tx) => {
        const results = await appendAll(tx, events);
        await queue.insertPushes(tx, pushes);
        return results;
      });
    },
    settlePushes(settlements, events) {
      return sql.transaction(async (tx) => {
        // The incidents before the push rows, as an acknowledgement cancelling those rows locks them: one order.
        await incidents.lock(
          tx,
          events.map((e) => e.incidentId),
        );
        await queue.settle(tx, settlements);
        return appendAll(tx, events);
      });
    },
    ...queue.methods,
    ...heartbeatSql(sql),
    insights: insightsQueries(sql),
    isUnavailable: (err) => sql.isUnavailable(err),
    async ping() {
      await sql.get('SELECT 1 AS ok');
    },
    close: () => sql.close(),
  };
}
