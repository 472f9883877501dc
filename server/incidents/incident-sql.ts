import { isDeepStrictEqual } from 'node:util';
import { applyEvent, foldIncident, initialState, type IncidentState } from '../../shared/reducer.js';
import type { EventBody, TimelineEvent } from '../../shared/timeline.js';
import type { Clock } from '../clock.js';
import { NOT_STARTED } from '../escalation/climb.js';
import type { timerSql } from '../escalation/timer-sql.js';
import { foldIntoFacts } from '../insights/facts-sql.js';
import type { pushQueueSql } from '../paging/push-queue-sql.js';
import { type EventRow, toEvent } from '../store/event-rows.js';
import type { SqlClient } from '../store/sql-client.js';
import type { AppendResult, IncidentRecord, IncidentStore, NewEvent } from '../store/store.js';

/**
 * The incidents' SQL: incidents and their append-only timelines. Each append folds the incident's state,
 * keeps the insights' facts and does what follows for paging (timers, queued pages) in its transaction.
 */

type GroupChanged = Extract<EventBody, { type: 'group_changed' }>;

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

export function incidentSql(
  sql: SqlClient,
  now: Clock,
  { timers, queue }: { timers: ReturnType<typeof timerSql>; queue: ReturnType<typeof pushQueueSql> },
) {
  const { forUpdate, notifyAppended } = sql.dialect;

  const incidentById = (tx: SqlClient, id: string, lock = false) =>
    tx.get<IncidentRow>(`SELECT * FROM incidents WHERE id = ?${lock ? forUpdate : ''}`, [id]);

  /**
   * Adds one event to an incident whose row this transaction holds (`state`: its state so far in this
   * transaction). The caller writes the folded state back once for all of its events.
   */
  const insertOne = async (tx: SqlClient, event: NewEvent, state: IncidentState): Promise<AppendResult> => {
    const recordedAt = now().toISOString();
    // Written first and looked up only if the id is taken: a device's outbox may send an action again, but
    // nearly every event is new, and a look before each write was a statement per event for nothing.
    const inserted = await tx.get<{ seq: number | string }>(
      `INSERT INTO events (id, incident_id, type, actor, via, occurred_at, recorded_at, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING seq`,
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
    if (!inserted) {
      // Taken, perhaps by another process's transaction just committed (the row lock covers only this incident).
      const existing = (await tx.get<EventRow>('SELECT * FROM events WHERE id = ?', [event.id]))!;
      if (existing.incident_id !== event.incidentId) {
        throw Object.assign(new Error(`event ${event.id} belongs to another incident`), { code: 'EVENT_ID_CONFLICT' });
      }
      return { event: toEvent(existing), state, created: false };
    }
    const stored = { ...event, seq: Number(inserted.seq), recordedAt } as TimelineEvent;
    const next = applyEvent(state, stored);
    await followUp(tx, stored, state, next);
    return { event: stored, state: next, created: true };
  };

  /** What an event means for paging, committed with it. */
  const followUp = async (tx: SqlClient, event: TimelineEvent, before: IncidentState, after: IncidentState) => {
    if (event.type === 'escalate' && after.status !== 'resolved') {
      await timers.requestNextLevel(tx, event.incidentId, before.escalationStep);
    }
    if (event.type === 'snooze' && after.status === 'acknowledged') await timers.snooze(tx, event.incidentId, event.until);
    if (event.type === 'ack') await timers.endSnooze(tx, event.incidentId);
    // Reopened: paged from the first level like a new incident (the escalator takes its first step).
    if (before.status === 'resolved' && after.status === 'triggered') {
      await timers.startClimb(tx, event.incidentId, { step: NOT_STARTED, dueAt: event.recordedAt });
    }
    if (after.status === 'resolved') await timers.stopClimb(tx, event.incidentId);
    if (before.status !== after.status && after.status !== 'triggered') await queue.cancelPages(tx, event.incidentId);
  };

  /** The insights' facts follow the timeline in the same transaction: a report never sees an event without its facts. */
  const updateFacts = async (tx: SqlClient, rows: Map<string, IncidentRow>, appended: TimelineEvent[], refresh: string[]) => {
    for (const [id, row] of rows) {
      const own = appended.filter((e) => e.incidentId === id);
      const refreshed = refresh.includes(id);
      if (own.length > 0 || refreshed) await foldIntoFacts(tx, toIncident(row), own, refreshed);
    }
  };

  /**
   * Locks incidents in one order (by id), before anything else a transaction locks: every append, an
   * escalation step and a push's outcome take their incidents first, then the timers and pushes that follow,
   * so two transactions never wait on each other (a deadlock rolls one back: a 500 for an alert, and used-up
   * seqs that hold the live streams up, see live/pg-bus.ts).
   */
  const lock = async (tx: SqlClient, ids: readonly string[]) => {
    const sorted = [...new Set(ids)].sort();
    if (!forUpdate || sorted.length === 0) return;
    await tx.all(`SELECT id FROM incidents WHERE id IN (${sorted.map(() => '?').join(', ')}) ORDER BY id${forUpdate}`, sorted);
  };

  /**
   * `refresh`: incidents whose details were written in this transaction: their facts are rewritten in any case.
   * Each incident's row is read once and its folded state written once, however many of its events come.
   */
  const appendAll = async (tx: SqlClient, events: NewEvent[], refresh: string[] = []) => {
    const ids = [...new Set([...refresh, ...events.map((e) => e.incidentId)])];
    await lock(tx, ids);
    const rows = new Map<string, IncidentRow>();
    const states = new Map<string, IncidentState>();
    for (const id of ids) {
      const row = await incidentById(tx, id, true);
      if (!row) throw new Error(`no incident ${id}`);
      rows.set(id, row);
      states.set(id, JSON.parse(row.state) as IncidentState);
    }
    const results: AppendResult[] = [];
    for (const event of events) {
      const result = await insertOne(tx, event, states.get(event.incidentId)!);
      states.set(event.incidentId, result.state);
      results.push(result);
    }
    const created = results.filter((r) => r.created).map((r) => r.event);
    for (const id of new Set(created.map((e) => e.incidentId))) {
      const state = states.get(id)!;
      await tx.run('UPDATE incidents SET state = ?, is_open = ? WHERE id = ?', [
        JSON.stringify(state),
        state.status === 'resolved' ? 0 : 1,
        id,
      ]);
      rows.set(id, { ...rows.get(id)!, state: JSON.stringify(state) });
    }
    await updateFacts(tx, rows, created, refresh);
    if (notifyAppended && created.length > 0) await tx.run(notifyAppended);
    return results;
  };

  const methods: IncidentStore = {
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
        if (timer) await timers.moveTimer(tx, incident.id, null, timer);
        await queue.insertPushes(tx, pushes);
        return {
          incident: { ...incident, state: results.at(-1)?.state ?? initialState },
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
    async countOpenedSince(dedupKey, since) {
      const row = await sql.get<{ n: number | string; first: string | null }>(
        'SELECT COUNT(*) AS n, MIN(created_at) AS first FROM incidents WHERE dedup_key = ? AND created_at >= ?',
        [dedupKey, since],
      );
      return { count: Number(row?.n ?? 0), firstAt: row?.first ?? null };
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
        // The title column follows the timeline: lists and summaries read it without folding.
        const renamed = events.findLast((e) => e.type === 'group_changed') as GroupChanged | undefined;
        if (renamed) await tx.run('UPDATE incidents SET title = ? WHERE id = ?', [renamed.title, id]);
        if (raise) {
          await tx.run('UPDATE incidents SET severity = ?, paging_class = ? WHERE id = ?', [
            raise.severity,
            raise.pagingClass,
            id,
          ]);
          if (raise.startPaging) await timers.startClimb(tx, id, raise.startPaging);
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
  };

  return {
    appendAll,
    /** Locks the incident's row first, as every append does: one order, no deadlock. */
    lock,
    methods,
  };
}
