import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { IncidentDetails } from '../../shared/api.js';
import { applyEvent, initialState, type IncidentState } from '../../shared/reducer.js';
import type { TimelineEvent } from '../../shared/timeline.js';
import { migrations } from './migrations.js';
import type { AppendResult, DeviceRecord, EscalationTimer, IncidentRecord, NewEvent, OverrideRecord, Store } from './store.js';

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

interface EventRow {
  seq: number;
  id: string;
  incident_id: string;
  actor: string;
  via: TimelineEvent['via'] | null;
  occurred_at: string;
  recorded_at: string;
  body: string;
}

interface DeviceRow {
  id: string;
  email: string;
  name: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: string;
  last_delivered_at: string | null;
}

interface TimerRow {
  incident_id: string;
  step: number;
  due_at: string;
}

const toTimer = (row: TimerRow): EscalationTimer => ({ incidentId: row.incident_id, step: row.step, dueAt: row.due_at });

function toIncident(row: IncidentRow): IncidentRecord {
  return {
    id: row.id,
    dedupKey: row.dedup_key,
    title: row.title,
    severity: row.severity,
    pagingClass: row.paging_class,
    playbook: row.playbook,
    details: JSON.parse(row.details),
    state: JSON.parse(row.state),
    createdAt: row.created_at,
  };
}

function toEvent(row: EventRow): TimelineEvent {
  return {
    ...JSON.parse(row.body),
    seq: row.seq,
    id: row.id,
    incidentId: row.incident_id,
    actor: JSON.parse(row.actor),
    ...(row.via ? { via: row.via } : {}),
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
  };
}

function toDevice(row: DeviceRow): DeviceRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    endpoint: row.endpoint,
    p256dh: row.p256dh,
    auth: row.auth,
    createdAt: row.created_at,
    lastDeliveredAt: row.last_delivered_at,
  };
}

/** The event's own fields, without the ones stored in columns. */
function bodyOf(event: NewEvent): string {
  const { id: _id, incidentId: _incident, actor: _actor, via: _via, occurredAt: _at, ...body } = event;
  return JSON.stringify(body);
}

export function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
  const current = row.version ?? 0;
  const known = migrations[migrations.length - 1].version;
  if (current > known) {
    throw new Error(
      `The database is at schema version ${current}, newer than this onpoint knows (${known}). Upgrade onpoint, or point it at another data folder.`,
    );
  }
  for (const migration of migrations.filter((m) => m.version > current)) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(migration.version);
    })();
  }
}

export function openSqliteStore(dataDir: string, now: () => Date = () => new Date()): Store {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'onpoint.sqlite'));
  // WAL with a full sync: an answered request is on disk even if the machine loses power.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const q = {
    getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
    initSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
    getPassword: db.prepare('SELECT hash FROM passwords WHERE email = ?'),
    setPassword: db.prepare(
      'INSERT INTO passwords (email, hash, updated_at) VALUES (?, ?, ?) ON CONFLICT (email) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at',
    ),
    createSession: db.prepare('INSERT INTO sessions (id_hash, email, expires_at) VALUES (?, ?, ?)'),
    getSession: db.prepare('SELECT email FROM sessions WHERE id_hash = ? AND expires_at > ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    upsertDevice: db.prepare(
      `INSERT INTO devices (id, email, name, endpoint, p256dh, auth, created_at) VALUES (@id, @email, @name, @endpoint, @p256dh, @auth, @createdAt)
       ON CONFLICT (endpoint) DO UPDATE SET email = excluded.email, name = excluded.name, p256dh = excluded.p256dh, auth = excluded.auth`,
    ),
    deviceByEndpoint: db.prepare('SELECT * FROM devices WHERE endpoint = ?'),
    listDevices: db.prepare('SELECT * FROM devices WHERE email = ? ORDER BY created_at'),
    deleteDevice: db.prepare('DELETE FROM devices WHERE id = ?'),
    deleteOwnDevice: db.prepare('DELETE FROM devices WHERE id = ? AND email = ?'),
    insertIncident: db.prepare(
      `INSERT INTO incidents (id, dedup_key, title, severity, paging_class, playbook, details, state, created_at)
       VALUES (@id, @dedupKey, @title, @severity, @pagingClass, @playbook, @details, @state, @createdAt)
       ON CONFLICT (dedup_key) WHERE is_open = 1 DO NOTHING`,
    ),
    openIncident: db.prepare('SELECT * FROM incidents WHERE dedup_key = ? AND is_open = 1'),
    latestIncident: db.prepare('SELECT * FROM incidents WHERE dedup_key = ? ORDER BY is_open DESC, created_at DESC LIMIT 1'),
    getIncident: db.prepare('SELECT * FROM incidents WHERE id = ?'),
    listIncidents: db.prepare('SELECT * FROM incidents ORDER BY is_open DESC, created_at DESC LIMIT ?'),
    updateDetails: db.prepare('UPDATE incidents SET details = ? WHERE id = ?'),
    updateState: db.prepare('UPDATE incidents SET state = ?, is_open = ? WHERE id = ?'),
    eventById: db.prepare('SELECT * FROM events WHERE id = ?'),
    insertEvent: db.prepare(
      `INSERT INTO events (id, incident_id, type, actor, via, occurred_at, recorded_at, body)
       VALUES (@id, @incidentId, @type, @actor, @via, @occurredAt, @recordedAt, @body)`,
    ),
    listEvents: db.prepare('SELECT * FROM events WHERE incident_id = ? ORDER BY seq'),
    eventsAfter: db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
    createOverride: db.prepare(
      `INSERT INTO overrides (id, rotation_id, role, person, start_at, end_at, created_by, created_at)
       VALUES (@id, @rotationId, @role, @person, @start, @end, @createdBy, @createdAt)`,
    ),
    listOverrides: db.prepare(
      `SELECT id, rotation_id AS rotationId, role, person, start_at AS start, end_at AS end, created_by AS createdBy, created_at AS createdAt
       FROM overrides WHERE removed_at IS NULL AND end_at > ? ORDER BY start_at`,
    ),
    removeOverride: db.prepare('UPDATE overrides SET removed_by = ?, removed_at = ? WHERE id = ? AND removed_at IS NULL'),
    getTimer: db.prepare('SELECT incident_id, step, due_at FROM escalation_timers WHERE incident_id = ?'),
    dueTimers: db.prepare('SELECT incident_id, step, due_at FROM escalation_timers WHERE due_at <= ? ORDER BY due_at LIMIT ?'),
    createTimer: db.prepare(
      'INSERT INTO escalation_timers (incident_id, step, due_at) VALUES (?, ?, ?) ON CONFLICT (incident_id) DO NOTHING',
    ),
    moveTimer: db.prepare('UPDATE escalation_timers SET step = ?, due_at = ? WHERE incident_id = ? AND step = ? AND due_at = ?'),
    deleteTimer: db.prepare('DELETE FROM escalation_timers WHERE incident_id = ? AND step = ? AND due_at = ?'),
    deviceDelivered: db.prepare('UPDATE devices SET last_delivered_at = ? WHERE id = ? RETURNING *'),
  };

  const appendOne = (event: NewEvent): AppendResult => {
    const existing = q.eventById.get(event.id) as EventRow | undefined;
    const row = q.getIncident.get(event.incidentId) as IncidentRow | undefined;
    if (!row) throw new Error(`no incident ${event.incidentId}`);
    const state = JSON.parse(row.state) as IncidentState;
    if (existing) {
      if (existing.incident_id !== event.incidentId) {
        throw Object.assign(new Error(`event ${event.id} belongs to another incident`), { code: 'EVENT_ID_CONFLICT' });
      }
      return { event: toEvent(existing), state, created: false };
    }
    const recordedAt = now().toISOString();
    const info = q.insertEvent.run({
      id: event.id,
      incidentId: event.incidentId,
      type: event.type,
      actor: JSON.stringify(event.actor),
      via: event.via ?? null,
      occurredAt: event.occurredAt,
      recordedAt,
      body: bodyOf(event),
    });
    const stored = { ...event, seq: Number(info.lastInsertRowid), recordedAt } as TimelineEvent;
    const next = applyEvent(state, stored);
    q.updateState.run(JSON.stringify(next), next.status === 'resolved' ? 0 : 1, event.incidentId);
    return { event: stored, state: next, created: true };
  };

  const appendAll = db.transaction((events: NewEvent[]) => events.map(appendOne));

  const openIncident = db.transaction((incident: Omit<IncidentRecord, 'state'>, events: NewEvent[]) => {
    const inserted = q.insertIncident.run({
      ...incident,
      details: JSON.stringify(incident.details),
      state: JSON.stringify(initialState),
    });
    if (inserted.changes === 0) {
      return { incident: toIncident(q.openIncident.get(incident.dedupKey) as IncidentRow), created: false, events: [] };
    }
    const results = events.map(appendOne);
    const row = q.getIncident.get(incident.id) as IncidentRow;
    return { incident: toIncident(row), created: true, events: results.map((r) => r.event) };
  });

  const updateIncident = db.transaction((id: string, details: IncidentDetails, events: NewEvent[]) => {
    q.updateDetails.run(JSON.stringify(details), id);
    return events.map(appendOne);
  });

  return {
    async getSetting(key) {
      return (q.getSetting.get(key) as { value: string } | undefined)?.value ?? null;
    },
    async initSetting(key, value) {
      q.initSetting.run(key, value);
      return (q.getSetting.get(key) as { value: string }).value;
    },
    async getPasswordHash(email) {
      return (q.getPassword.get(email) as { hash: string } | undefined)?.hash ?? null;
    },
    async setPasswordHash(email, hash) {
      q.setPassword.run(email, hash, now().toISOString());
    },
    async createSession(idHash, email, expiresAt) {
      q.createSession.run(idHash, email, expiresAt);
    },
    async getSessionEmail(idHash, at) {
      return (q.getSession.get(idHash, at) as { email: string } | undefined)?.email ?? null;
    },
    async deleteSession(idHash) {
      q.deleteSession.run(idHash);
    },
    async upsertDevice(device) {
      q.upsertDevice.run(device);
      return toDevice(q.deviceByEndpoint.get(device.endpoint) as DeviceRow);
    },
    async listDevices(email) {
      return (q.listDevices.all(email) as DeviceRow[]).map(toDevice);
    },
    async deleteDevice(id, email) {
      const info = email === undefined ? q.deleteDevice.run(id) : q.deleteOwnDevice.run(id, email);
      return info.changes > 0;
    },
    async openIncident(incident, events) {
      return openIncident(incident, events);
    },
    async findLatestIncident(dedupKey) {
      const row = q.latestIncident.get(dedupKey) as IncidentRow | undefined;
      return row ? toIncident(row) : null;
    },
    async getIncident(id) {
      const row = q.getIncident.get(id) as IncidentRow | undefined;
      return row ? toIncident(row) : null;
    },
    async listIncidents(limit) {
      return (q.listIncidents.all(limit) as IncidentRow[]).map(toIncident);
    },
    async updateIncident(id, details, events) {
      return updateIncident(id, details, events);
    },
    async appendEvents(events) {
      return appendAll(events);
    },
    async getEvent(id) {
      const row = q.eventById.get(id) as EventRow | undefined;
      return row ? toEvent(row) : null;
    },
    async listEvents(incidentId) {
      return (q.listEvents.all(incidentId) as EventRow[]).map(toEvent);
    },
    async eventsAfter(seq, limit) {
      return (q.eventsAfter.all(seq, limit) as EventRow[]).map(toEvent);
    },
    async createOverride(override) {
      q.createOverride.run(override);
    },
    async listOverrides(after) {
      return q.listOverrides.all(after) as OverrideRecord[];
    },
    async removeOverride(id, by, at) {
      return q.removeOverride.run(by, at, id).changes > 0;
    },
    async getEscalationTimer(incidentId) {
      const row = q.getTimer.get(incidentId) as TimerRow | undefined;
      return row ? toTimer(row) : null;
    },
    async dueEscalationTimers(now, limit) {
      return (q.dueTimers.all(now, limit) as TimerRow[]).map(toTimer);
    },
    async advanceEscalationTimer(incidentId, from, next) {
      if (from === null) return next ? q.createTimer.run(incidentId, next.step, next.dueAt).changes > 0 : false;
      const info = next
        ? q.moveTimer.run(next.step, next.dueAt, incidentId, from.step, from.dueAt)
        : q.deleteTimer.run(incidentId, from.step, from.dueAt);
      return info.changes > 0;
    },
    async markDeviceDelivered(id, at) {
      const row = q.deviceDelivered.get(at, id) as DeviceRow | undefined;
      return row ? toDevice(row) : null;
    },
    async close() {
      db.close();
    },
  };
}
