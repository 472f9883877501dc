import type { SqlClient } from '../store/sql-client.js';
import type { HeartbeatRecord, HeartbeatStore } from '../store/store.js';

/** The heartbeats' SQL: one row per heartbeat, its deadline claimed like an escalation timer. */

interface HeartbeatRow {
  id: string;
  first_known_at: string;
  last_beat_at: string | null;
  due_at: string;
  missed_at: string | null;
}

const toRecord = (row: HeartbeatRow): HeartbeatRecord => ({
  id: row.id,
  firstKnownAt: row.first_known_at,
  lastBeatAt: row.last_beat_at,
  dueAt: row.due_at,
  missedAt: row.missed_at,
});

const COLUMNS = 'id, first_known_at, last_beat_at, due_at, missed_at';
/** How long one process holds a missed deadline it is opening an incident for before another may take it over. */
const LEASE_MS = 15_000;

export function heartbeatSql(sql: SqlClient): HeartbeatStore {
  const { forUpdate, skipLocked } = sql.dialect;
  return {
    syncHeartbeats(heartbeats, at) {
      return sql.transaction(async (tx) => {
        for (const { id, periodMs } of heartbeats) {
          await tx.run('INSERT INTO heartbeats (id, first_known_at, due_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING', [
            id,
            at,
            new Date(Date.parse(at) + periodMs).toISOString(),
          ]);
          const row = (await tx.get<HeartbeatRow>(`SELECT ${COLUMNS} FROM heartbeats WHERE id = ?${forUpdate}`, [id]))!;
          const dueAt = new Date(Date.parse(row.last_beat_at ?? row.first_known_at) + periodMs).toISOString();
          if (row.missed_at === null && row.due_at !== dueAt) {
            await tx.run('UPDATE heartbeats SET due_at = ? WHERE id = ?', [dueAt, id]);
          }
        }
      });
    },
    recordBeat(id, at, dueAt) {
      return sql.transaction(async (tx) => {
        const row = await tx.get<HeartbeatRow>(`SELECT ${COLUMNS} FROM heartbeats WHERE id = ?${forUpdate}`, [id]);
        if (!row) return null;
        await tx.run('UPDATE heartbeats SET last_beat_at = ?, due_at = ?, missed_at = NULL, leased_until = NULL WHERE id = ?', [
          at,
          dueAt,
          id,
        ]);
        return { wasMissed: row.missed_at !== null };
      });
    },
    async claimDueHeartbeats(ids, at, limit) {
      if (ids.length === 0) return [];
      const leaseUntil = new Date(Date.parse(at) + LEASE_MS).toISOString();
      // SKIP LOCKED: two processes looking at the same moment split the due rows, neither waits.
      const rows = await sql.all<HeartbeatRow>(
        `UPDATE heartbeats SET leased_until = ? WHERE id IN (
           SELECT id FROM heartbeats
           WHERE missed_at IS NULL AND due_at <= ? AND (leased_until IS NULL OR leased_until <= ?)
             AND id IN (${ids.map(() => '?').join(', ')})
           ORDER BY due_at LIMIT ?${skipLocked}
         ) RETURNING ${COLUMNS}`,
        [leaseUntil, at, at, ...ids, limit],
      );
      return rows.map(toRecord);
    },
    async markHeartbeatMissed(id, dueAt, at) {
      const { changes } = await sql.run(
        'UPDATE heartbeats SET missed_at = ?, leased_until = NULL WHERE id = ? AND due_at = ? AND missed_at IS NULL',
        [at, id, dueAt],
      );
      return changes > 0;
    },
    async listHeartbeats() {
      return (await sql.all<HeartbeatRow>(`SELECT ${COLUMNS} FROM heartbeats ORDER BY id`)).map(toRecord);
    },
  };
}
