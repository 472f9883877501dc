import { isDeepStrictEqual } from 'node:util';
import { applyEvent, foldIncident, initialState, type IncidentState } from '../../shared/reducer.js';
import type { TimelineEvent } from '../../shared/timeline.js';
import type { Clock } from '../clock.js';
import { deviceSql } from '../devices/device-sql.js';
import { scheduleSql } from '../schedule/schedule-sql.js';
import { sessionSql } from '../sessions/session-sql.js';
import { foldIntoFacts } from '../insights/facts-sql.js';
import { insightsQueries } from '../insights/insights-sql.js';
import { type EventRow, toEvent } from './event-rows.js';
import { migrations, type Migration } from './migrations.js';
import type { SqlClient } from './sql-client.js';
import type {
  AppendResult,
  EscalationTimer,
  IncidentRecord,
  NewEvent,
  NewPush,
  PushJob,
  Store,
  TimerMove,
  TimerPosition,
} from './store.js';

interface IncidentRow {
  id: string;
  dedup_key: string;
  title: string;
  severity: IncidentRecord['severity'];
  paging_class: IncidentRecord['pagingClass'];
  playbook: string | null;
  details: string;
  state: string;
  created_at: string;
}

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

interface PushRow {
  id: string;
  incident_id: string | null;
  step: number | null;
  device_id: string;
  email: string;
  kind: PushJob['kind'];
  message: string;
  topic: string;
  urgency: PushJob['urgency'];
  origin: string;
  attempts: number;
  minimal: number;
  last_error: string | null;
  created_at: string;
  expires_at: string;
  endpoint: string | null;
  p256dh: string | null;
  auth: string | null;
  device_name: string | null;
  incident_state: string | null;
}

function toPushJob(row: PushRow): PushJob {
  return {
    id: row.id,
    incidentId: row.incident_id,
    step: row.step === null ? null : Number(row.step),
    deviceId: row.device_id,
    email: row.email,
    kind: row.kind,
    message: JSON.parse(row.message) as PushJob['message'],
    topic: row.topic,
    urgency: row.urgency,
    origin: row.origin,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    attempts: Number(row.attempts),
    minimal: Number(row.minimal) === 1,
    lastError: row.last_error,
    device:
      row.endpoint === null ? null : { name: row.device_name!, endpoint: row.endpoint, p256dh: row.p256dh!, auth: row.auth! },
    incidentStatus: row.incident_state === null ? null : (JSON.parse(row.incident_state) as IncidentState).status,
  };
}

function toIncident(row: IncidentRow): IncidentRecord {
  return {
    id: row.id,
    dedupKey: row.dedup_key,
    title: row.title,
    severity: row.severity,
    pagingClass: row.paging_class,
    playbook: row.playbook,
    details: JSON.parse(row.details) as IncidentRecord['details'],
    state: JSON.parse(row.state) as IncidentState,
    createdAt: row.created_at,
  };
}

/** The event's own fields, without the ones stored in columns. */
function bodyOf(event: NewEvent): string {
  const { id: _id, incidentId: _incident, actor: _actor, via: _via, occurredAt: _at, ...body } = event;
  return JSON.stringify(body);
}

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

const DUE_AT_ONCE = new Date(0).toISOString();

/** How long one process holds a due escalation timer it is firing before another may take it over. */
const TIMER_LEASE_MS = 15_000;

/**
 * The store over any SqlClient: the same SQL, the same migrations and the same guarantees on SQLite
 * and PostgreSQL. Every method is one transaction or one statement.
 */
export async function openSqlStore(sql: SqlClient, now: Clock): Promise<Store> {
  await migrate(sql);
  const { forUpdate, skipLocked, notifyAppended } = sql.dialect;

  const incidentById = (tx: SqlClient, id: string, lock = false) =>
    tx.get<IncidentRow>(`SELECT * FROM incidents WHERE id = ?${lock ? forUpdate : ''}`, [id]);

  /** Appends one event inside a transaction; the incident row is locked first, so its state is never lost to a race. */
  const appendOne = async (tx: SqlClient, event: NewEvent): Promise<AppendResult> => {
    const row = await incidentById(tx, event.incidentId, true);
    if (!row) throw new Error(`no incident ${event.incidentId}`);
    const state = JSON.parse(row.state) as IncidentState;
    const existing = await tx.get<EventRow>('SELECT * FROM events WHERE id = ?', [event.id]);
    if (existing) {
      if (existing.incident_id !== event.incidentId) {
        throw Object.assign(new Error(`event ${event.id} belongs to another incident`), { code: 'EVENT_ID_CONFLICT' });
      }
      return { event: toEvent(existing), state, created: false };
    }
    const recordedAt = now().toISOString();
    let inserted: { seq: number | string } | undefined;
    try {
      inserted = await tx.get<{ seq: number | string }>(
        `INSERT INTO events (id, incident_id, type, actor, via, occurred_at, recorded_at, body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
        [
          event.id,
          event.incidentId,
          event.type,
          JSON.stringify(event.actor),
          event.via ?? null,
          event.occurredAt,
          recordedAt,
          bodyOf(event),
        ],
      );
    } catch (err) {
      // The same id committed meanwhile on another incident (the row lock covers only this one).
      if (isUniqueViolation(err))
        throw Object.assign(new Error(`event ${event.id} was used elsewhere`), { code: 'EVENT_ID_CONFLICT' });
      throw err;
    }
    const stored = { ...event, seq: Number(inserted!.seq), recordedAt } as TimelineEvent;
    const next = applyEvent(state, stored);
    await tx.run('UPDATE incidents SET state = ?, is_open = ? WHERE id = ?', [
      JSON.stringify(next),
      next.status === 'resolved' ? 0 : 1,
      event.incidentId,
    ]);
    await followUp(tx, stored, state, next);
    return { event: stored, state: next, created: true };
  };

  /** What an event means for paging, committed with it. */
  const followUp = async (tx: SqlClient, event: TimelineEvent, before: IncidentState, after: IncidentState) => {
    if (event.type === 'escalate' && after.status !== 'resolved') {
      // The next level is due at once, whatever any clock says: the epoch sorts before every other timer.
      // A timer about to fire loses its compare-and-set to this request.
      await tx.run(
        `INSERT INTO escalation_timers (incident_id, step, due_at, requested) VALUES (?, ?, ?, 1)
         ON CONFLICT (incident_id) DO UPDATE SET due_at = excluded.due_at, requested = 1, leased_until = NULL`,
        [event.incidentId, before.escalationStep, DUE_AT_ONCE],
      );
    }
    if (after.status === 'resolved') {
      await tx.run('DELETE FROM escalation_timers WHERE incident_id = ?', [event.incidentId]);
    }
    if (before.status !== after.status && after.status !== 'triggered') {
      // Someone has it: pages still waiting for a push service are no longer needed. (A level paged later, by
      // Escalate on an acknowledged incident, is queued after this and goes out.)
      await tx.run(
        `UPDATE outgoing_pushes SET status = 'cancelled', leased_until = NULL
         WHERE incident_id = ? AND status = 'pending' AND kind IN ('page', 'quiet')`,
        [event.incidentId],
      );
    }
  };

  /** The insights' facts follow the timeline in the same transaction: a report never sees an event without its facts. */
  const updateFacts = async (tx: SqlClient, appended: TimelineEvent[], refresh: string[]) => {
    for (const id of new Set([...refresh, ...appended.map((e) => e.incidentId)])) {
      const incident = toIncident((await incidentById(tx, id))!);
      const own = appended.filter((e) => e.incidentId === id);
      await foldIntoFacts(tx, incident, own, refresh.includes(id));
    }
  };

  /** `refresh`: incidents whose details were written in this transaction: their facts are rewritten in any case. */
  const appendAll = async (tx: SqlClient, events: NewEvent[], refresh: string[] = []) => {
    // A batch touching several incidents locks them in one order, so two processes' batches never deadlock
    // (a deadlock rolls one back, and its used-up seqs would hold the live streams up: see live/pg-bus.ts).
    const incidents = [...new Set(events.map((e) => e.incidentId))].sort();
    if (forUpdate && incidents.length > 1) {
      await tx.all(
        `SELECT id FROM incidents WHERE id IN (${incidents.map(() => '?').join(', ')}) ORDER BY id${forUpdate}`,
        incidents,
      );
    }
    const results: AppendResult[] = [];
    for (const event of events) results.push(await appendOne(tx, event));
    await updateFacts(
      tx,
      results.filter((r) => r.created).map((r) => r.event),
      refresh,
    );
    if (notifyAppended && results.some((r) => r.created)) await tx.run(notifyAppended);
    return results;
  };

  const timerColumns = 'incident_id, step, due_at, requested, confirm_at';

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

  const insertPushes = async (tx: SqlClient, pushes: NewPush[]) => {
    for (const p of pushes) {
      await tx.run(
        `INSERT INTO outgoing_pushes (id, incident_id, step, device_id, email, kind, message, topic, urgency, origin,
           next_attempt_at, created_at, expires_at, leased_until, claimed_endpoint)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          p.id,
          p.incidentId,
          p.step,
          p.deviceId,
          p.email,
          p.kind,
          JSON.stringify(p.message),
          p.topic,
          p.urgency,
          p.origin,
          p.createdAt,
          p.createdAt,
          p.expiresAt,
          p.lease?.until ?? null,
          p.lease?.endpoint ?? null,
        ],
      );
    }
  };

  const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

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
    openIncident(incident, events, timer, pushes = []) {
      return sql.transaction(async (tx) => {
        // The partial unique index decides a race between two processes: the second inserts nothing.
        const { changes } = await tx.run(
          `INSERT INTO incidents (id, dedup_key, title, severity, paging_class, playbook, details, state, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) WHERE is_open = 1 DO NOTHING`,
          [
            incident.id,
            incident.dedupKey,
            incident.title,
            incident.severity,
            incident.pagingClass,
            incident.playbook,
            JSON.stringify(incident.details),
            JSON.stringify(initialState),
            incident.createdAt,
          ],
        );
        if (changes === 0) {
          const open = await tx.get<IncidentRow>('SELECT * FROM incidents WHERE dedup_key = ? AND is_open = 1', [
            incident.dedupKey,
          ]);
          return { incident: toIncident(open!), created: false, events: [] };
        }
        const results = await appendAll(tx, events, [incident.id]);
        if (timer) await moveTimer(tx, incident.id, null, timer);
        await insertPushes(tx, pushes);
        return {
          incident: toIncident((await incidentById(tx, incident.id))!),
          created: true,
          events: results.map((r) => r.event),
        };
      });
    },
    async findLatestIncident(dedupKey) {
      const row = await sql.get<IncidentRow>(
        'SELECT * FROM incidents WHERE dedup_key = ? ORDER BY is_open DESC, created_at DESC LIMIT 1',
        [dedupKey],
      );
      return row ? toIncident(row) : null;
    },
    async getIncident(id) {
      const row = await incidentById(sql, id);
      return row ? toIncident(row) : null;
    },
    async listIncidents(limit) {
      return (await sql.all<IncidentRow>('SELECT * FROM incidents ORDER BY is_open DESC, created_at DESC LIMIT ?', [limit])).map(
        toIncident,
      );
    },
    async countOpenIncidents() {
      return Number((await sql.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM incidents WHERE is_open = 1'))?.n ?? 0);
    },
    async listIncidentIds(after, limit) {
      const rows = await sql.all<{ id: string }>('SELECT id FROM incidents WHERE id > ? ORDER BY id LIMIT ?', [after, limit]);
      return rows.map((r) => r.id);
    },
    refoldIncident(id) {
      return sql.transaction(async (tx) => {
        const row = await incidentById(tx, id, true);
        if (!row) return false;
        const events = await tx.all<EventRow>('SELECT * FROM events WHERE incident_id = ? ORDER BY seq', [id]);
        const state = foldIncident(events.map(toEvent));
        if (isDeepStrictEqual(JSON.parse(row.state), state)) return false;
        await tx.run('UPDATE incidents SET state = ?, is_open = ? WHERE id = ?', [
          JSON.stringify(state),
          state.status === 'resolved' ? 0 : 1,
          id,
        ]);
        return true;
      });
    },
    updateIncident(id, details, events, raise) {
      return sql.transaction(async (tx) => {
        await tx.run('UPDATE incidents SET details = ? WHERE id = ?', [JSON.stringify(details), id]);
        if (raise) {
          await tx.run('UPDATE incidents SET severity = ?, paging_class = ? WHERE id = ?', [
            raise.severity,
            raise.pagingClass,
            id,
          ]);
          const start = raise.startPaging;
          if (start) {
            // A quiet or not-yet-started incident starts its climb over; a climbing one keeps climbing.
            await tx.run(
              `INSERT INTO escalation_timers (incident_id, step, due_at) VALUES (?, ?, ?)
               ON CONFLICT (incident_id) DO UPDATE SET step = excluded.step, due_at = excluded.due_at,
                 requested = 0, confirm_at = NULL, leased_until = NULL
               WHERE escalation_timers.step < 0`,
              [id, start.step, start.dueAt],
            );
          }
        }
        return appendAll(tx, events, [id]);
      });
    },
    appendEvents(events) {
      return sql.transaction((tx) => appendAll(tx, events));
    },
    async getEvent(id) {
      const row = await sql.get<EventRow>('SELECT * FROM events WHERE id = ?', [id]);
      return row ? toEvent(row) : null;
    },
    async listEvents(incidentId) {
      return (await sql.all<EventRow>('SELECT * FROM events WHERE incident_id = ? ORDER BY seq', [incidentId])).map(toEvent);
    },
    async latestSeq() {
      const row = await sql.get<{ seq: number | string | null }>('SELECT MAX(seq) AS seq FROM events');
      return Number(row?.seq ?? 0);
    },
    async eventsAfter(seq, limit) {
      return (await sql.all<EventRow>('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?', [seq, limit])).map(toEvent);
    },
    async getEscalationTimer(incidentId) {
      const row = await sql.get<TimerRow>(`SELECT ${timerColumns} FROM escalation_timers WHERE incident_id = ?`, [incidentId]);
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
         ) RETURNING ${timerColumns}`,
        [leaseUntil, at, at, at, limit],
      );
      return rows.map(toTimer).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    },
    advanceEscalationTimer(incidentId, from, next) {
      return sql.transaction((tx) => moveTimer(tx, incidentId, from, next));
    },
    takeEscalationStep({ incidentId, from, next, events, pushes }) {
      return sql.transaction(async (tx) => {
        // The incident row first, as every append and an acknowledgement's follow-up lock it: one order, no deadlock.
        if (forUpdate) await incidentById(tx, incidentId, true);
        if (!(await moveTimer(tx, incidentId, from, next))) return null;
        // A step that ends the climb (next null) with no timer before it still pages.
        const results = await appendAll(tx, events);
        await insertPushes(tx, pushes);
        return results;
      });
    },
    enqueuePushes(pushes, events) {
      return sql.transaction(async (tx) => {
        const results = await appendAll(tx, events);
        await insertPushes(tx, pushes);
        return results;
      });
    },
    async claimDuePushes(at, leaseUntil, limit, skipOrigins) {
      const skip = skipOrigins.length > 0 ? ` AND origin NOT IN (${placeholders(skipOrigins.length)})` : '';
      const claimed = await sql.all<{ id: string }>(
        // Which endpoint this send goes to is kept with the lease: see settlePushes.
        `UPDATE outgoing_pushes SET leased_until = ?,
           claimed_endpoint = (SELECT endpoint FROM devices WHERE devices.id = outgoing_pushes.device_id)
         WHERE id IN (
           SELECT id FROM outgoing_pushes
           WHERE status = 'pending' AND next_attempt_at <= ? AND (leased_until IS NULL OR leased_until <= ?)${skip}
           ORDER BY next_attempt_at LIMIT ?${skipLocked}
         ) RETURNING id`,
        [leaseUntil, at, at, ...skipOrigins, limit],
      );
      if (claimed.length === 0) return [];
      const rows = await sql.all<PushRow>(
        `SELECT p.*, d.endpoint, d.p256dh, d.auth, d.name AS device_name, i.state AS incident_state
         FROM outgoing_pushes p
         LEFT JOIN devices d ON d.id = p.device_id
         LEFT JOIN incidents i ON i.id = p.incident_id
         WHERE p.id IN (${placeholders(claimed.length)}) ORDER BY p.next_attempt_at`,
        claimed.map((c) => c.id),
      );
      return rows.map(toPushJob);
    },
    settlePushes(settlements, events) {
      return sql.transaction(async (tx) => {
        for (const s of settlements) {
          await tx.run(
            `UPDATE outgoing_pushes SET status = ?, attempts = ?, next_attempt_at = COALESCE(?, next_attempt_at),
               last_error = ?, minimal = COALESCE(?, minimal), sent_at = COALESCE(?, sent_at), leased_until = NULL
             WHERE id = ? AND status = 'pending'`,
            [
              s.status,
              s.attempts,
              s.nextAttemptAt ?? null,
              s.lastError ?? null,
              s.minimal === undefined ? null : s.minimal ? 1 : 0,
              s.sentAt ?? null,
              s.id,
            ],
          );
          if (s.removeDevice) {
            // Gone is the endpoint this push went to: a device given a new subscription meanwhile stays.
            await tx.run(
              `DELETE FROM devices WHERE id = ?
                 AND endpoint = COALESCE((SELECT claimed_endpoint FROM outgoing_pushes WHERE id = ?), endpoint)`,
              [s.removeDevice, s.id],
            );
          }
        }
        return appendAll(tx, events);
      });
    },
    async confirmPush(id, at) {
      return (
        (await sql.run('UPDATE outgoing_pushes SET confirmed_at = COALESCE(confirmed_at, ?) WHERE id = ?', [at, id])).changes > 0
      );
    },
    async stepConfirmed(incidentId, step) {
      const row = await sql.get(
        'SELECT 1 AS ok FROM outgoing_pushes WHERE incident_id = ? AND step = ? AND confirmed_at IS NOT NULL LIMIT 1',
        [incidentId, step],
      );
      return row !== undefined;
    },
    async pendingPushes() {
      const row = await sql.get<{ n: number | string; oldest: string | null }>(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outgoing_pushes WHERE status = 'pending'",
      );
      return { count: Number(row?.n ?? 0), oldestCreatedAt: row?.oldest ?? null };
    },
    insights: insightsQueries(sql),
    isUnavailable: (err) => sql.isUnavailable(err),
    async ping() {
      await sql.get('SELECT 1 AS ok');
    },
    close: () => sql.close(),
  };
}

/** SQLite's and PostgreSQL's ways of saying a unique constraint refused a row. */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
