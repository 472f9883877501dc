import type { SqlClient } from '../store/sql-client.js';
import { SNOOZED } from './climb.js';
import type { EscalationStore, EscalationTimer, TimerMove, TimerPosition } from '../store/store.js';

/** The escalation timers' SQL: one row per climbing incident, moved by compare-and-set. */

interface TimerRow {
  incident_id: string;
  step: number;
  due_at: string;
  requested: number;
  confirm_at: string | null;
}

const toTimer = (row: TimerRow): EscalationTimer => ({
  incidentId: row.incident_id,
  step: Number(row.step),
  dueAt: row.due_at,
  requested: Number(row.requested) === 1,
  confirmAt: row.confirm_at,
});

const TIMER_COLUMNS = 'incident_id, step, due_at, requested, confirm_at';
/** How long one process holds a due escalation timer it is firing before another may take it over. */
const TIMER_LEASE_MS = 15_000;
/** The epoch sorts before every other timer: "due now", whatever any clock says. */
const DUE_AT_ONCE = new Date(0).toISOString();

export function timerSql(sql: SqlClient) {
  const { skipLocked } = sql.dialect;

  /** Moves a timer only if it is still at `from` (null: creates it if there is none); true if it moved. */
  const moveTimer = async (tx: SqlClient, incidentId: string, from: TimerPosition | null, next: TimerMove | null) => {
    if (from === null) {
      if (!next) return false;
      const created = await tx.run(
        'INSERT INTO escalation_timers (incident_id, step, due_at, confirm_at) VALUES (?, ?, ?, ?) ON CONFLICT (incident_id) DO NOTHING',
        [incidentId, next.step, next.dueAt, next.confirmAt ?? null],
      );
      return created.changes > 0;
    }
    const { changes } = next
      ? await tx.run(
          `UPDATE escalation_timers SET step = ?, due_at = ?, confirm_at = ?, requested = 0, leased_until = NULL
           WHERE incident_id = ? AND step = ? AND due_at = ?`,
          [next.step, next.dueAt, next.confirmAt ?? null, incidentId, from.step, from.dueAt],
        )
      : await tx.run('DELETE FROM escalation_timers WHERE incident_id = ? AND step = ? AND due_at = ?', [
          incidentId,
          from.step,
          from.dueAt,
        ]);
    return changes > 0;
  };

  const methods: Omit<EscalationStore, 'takeEscalationStep'> = {
    async getEscalationTimer(incidentId) {
      const row = await sql.get<TimerRow>(`SELECT ${TIMER_COLUMNS} FROM escalation_timers WHERE incident_id = ?`, [incidentId]);
      return row ? toTimer(row) : null;
    },
    async claimDueEscalationTimers(at, limit) {
      // Each due timer goes to one process for a while (SKIP LOCKED: two processes split them, neither waits).
      const leaseUntil = new Date(Date.parse(at) + TIMER_LEASE_MS).toISOString();
      const rows = await sql.all<TimerRow>(
        `UPDATE escalation_timers SET leased_until = ? WHERE incident_id IN (
           SELECT incident_id FROM escalation_timers
           WHERE (due_at <= ? OR confirm_at <= ?) AND (leased_until IS NULL OR leased_until <= ?)
           ORDER BY due_at LIMIT ?${skipLocked}
         ) RETURNING ${TIMER_COLUMNS}`,
        [leaseUntil, at, at, at, limit],
      );
      return rows.map(toTimer).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    },
    advanceEscalationTimer(incidentId, from, next) {
      return sql.transaction((tx) => moveTimer(tx, incidentId, from, next));
    },
  };

  return {
    moveTimer,
    /** Escalate: the next level after `step` is due at once; a timer about to fire loses its compare-and-set to this. */
    async requestNextLevel(tx: SqlClient, incidentId: string, step: number) {
      await tx.run(
        `INSERT INTO escalation_timers (incident_id, step, due_at, requested) VALUES (?, ?, ?, 1)
         ON CONFLICT (incident_id) DO UPDATE SET due_at = excluded.due_at, requested = 1, leased_until = NULL`,
        [incidentId, step, DUE_AT_ONCE],
      );
    },
    /** A raised class starts paging: a quiet or not-yet-started climb starts over; a climbing one keeps climbing. */
    async startClimb(tx: SqlClient, incidentId: string, start: TimerMove) {
      await tx.run(
        `INSERT INTO escalation_timers (incident_id, step, due_at) VALUES (?, ?, ?)
         ON CONFLICT (incident_id) DO UPDATE SET step = excluded.step, due_at = excluded.due_at,
           requested = 0, confirm_at = NULL, leased_until = NULL
         WHERE escalation_timers.step < 0`,
        [incidentId, start.step, start.dueAt],
      );
    },
    /**
     * Snoozed: the point person is paged again at `until`. An acknowledged incident climbs no further, so its
     * timer (if any is left) becomes the snooze's; a later snooze moves it.
     */
    async snooze(tx: SqlClient, incidentId: string, until: string) {
      await tx.run(
        `INSERT INTO escalation_timers (incident_id, step, due_at) VALUES (?, ?, ?)
         ON CONFLICT (incident_id) DO UPDATE SET step = excluded.step, due_at = excluded.due_at,
           requested = 0, confirm_at = NULL, leased_until = NULL`,
        [incidentId, SNOOZED, until],
      );
    },
    /** Acknowledged again: the snooze is over, nobody is paged when it would have ended. */
    async endSnooze(tx: SqlClient, incidentId: string) {
      await tx.run('DELETE FROM escalation_timers WHERE incident_id = ? AND step = ?', [incidentId, SNOOZED]);
    },
    /** A resolved incident climbs no further. */
    async stopClimb(tx: SqlClient, incidentId: string) {
      await tx.run('DELETE FROM escalation_timers WHERE incident_id = ?', [incidentId]);
    },
    methods,
  };
}
