import { backfillFacts } from '../insights/facts-sql.js';
import type { Dialect, SqlClient } from './sql-client.js';

/**
 * One ordered list of schema changes for SQLite and PostgreSQL alike. Each runs once, in order, inside a
 * transaction; the schema_version table records how far a database has come. Where the two differ, the
 * migration asks the dialect (see sql-client.ts) instead of being written twice.
 */
export interface Migration {
  version: number;
  name: string;
  sql: (dialect: Dialect) => string;
  /** Fills what the SQL created from data already there, in the same transaction. */
  backfill?: (tx: SqlClient) => Promise<void>;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'page loop: people, devices, incidents and their timelines',
    sql: (d) => `
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE passwords (email TEXT PRIMARY KEY, hash TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        name TEXT NOT NULL,
        endpoint TEXT NOT NULL UNIQUE,
        p256dh TEXT NOT NULL,
        auth TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_delivered_at TEXT
      );
      CREATE INDEX devices_email ON devices (email);
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        dedup_key TEXT NOT NULL,
        is_open INTEGER NOT NULL DEFAULT 1,
        title TEXT NOT NULL,
        severity TEXT NOT NULL,
        paging_class TEXT NOT NULL,
        playbook TEXT,
        details TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      -- One open incident per alert group: a unique index decides races, not luck.
      CREATE UNIQUE INDEX incidents_open_dedup ON incidents (dedup_key) WHERE is_open = 1;
      CREATE INDEX incidents_dedup ON incidents (dedup_key, created_at);
      CREATE INDEX incidents_list ON incidents (is_open, created_at);
      CREATE TABLE events (
        seq ${d.serialKey},
        id TEXT NOT NULL UNIQUE,
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        type TEXT NOT NULL,
        actor TEXT NOT NULL,
        via TEXT,
        occurred_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX events_incident ON events (incident_id, seq);
      -- "Cover me from 18:00 to 23:00". Removing one keeps the row: who changed the schedule stays on record.
      CREATE TABLE overrides (
        id TEXT PRIMARY KEY,
        rotation_id TEXT NOT NULL,
        role TEXT NOT NULL,
        person TEXT NOT NULL,
        start_at TEXT NOT NULL,
        end_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        removed_by TEXT,
        removed_at TEXT
      );
      CREATE INDEX overrides_end ON overrides (end_at);
      -- The next escalation step of each climbing incident: durable, so a restart loses none.
      CREATE TABLE escalation_timers (
        incident_id TEXT PRIMARY KEY REFERENCES incidents (id),
        step INTEGER NOT NULL,
        due_at TEXT NOT NULL
      );
      CREATE INDEX escalation_timers_due ON escalation_timers (due_at);
    `,
  },
  {
    version: 2,
    name: 'several processes: a short lease on each escalation timer being fired',
    sql: () => `ALTER TABLE escalation_timers ADD COLUMN leased_until TEXT;`,
  },
  {
    version: 3,
    name: 'durable paging: an outgoing push queue, escalation requests and confirmation deadlines',
    sql: () => `
      -- One row per push to one device: the sender drains it, keeping retry state here, so a push service
      -- outage or a restart loses nothing. Rows stay after they settle: they are the delivery record.
      CREATE TABLE outgoing_pushes (
        id TEXT PRIMARY KEY,
        incident_id TEXT,
        step INTEGER,
        device_id TEXT NOT NULL,
        email TEXT NOT NULL,
        kind TEXT NOT NULL,
        message TEXT NOT NULL,
        topic TEXT NOT NULL,
        urgency TEXT NOT NULL,
        origin TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        minimal INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        leased_until TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        sent_at TEXT,
        confirmed_at TEXT
      );
      CREATE INDEX outgoing_pushes_pending ON outgoing_pushes (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX outgoing_pushes_incident ON outgoing_pushes (incident_id, step);
      CREATE INDEX outgoing_pushes_device ON outgoing_pushes (device_id, created_at);
      -- Escalate pressed: the next level is due now, written with the action. confirm_at: when the level
      -- paged must have confirmed a delivery, or the next one is paged.
      ALTER TABLE escalation_timers ADD COLUMN requested INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE escalation_timers ADD COLUMN confirm_at TEXT;
    `,
  },
  {
    version: 4,
    name: 'subscriptions that change: the endpoint each push was claimed for',
    // A push that comes back gone removes its device only if the device still has that endpoint: one
    // given a new subscription while the push was on its way keeps it.
    sql: () => `ALTER TABLE outgoing_pushes ADD COLUMN claimed_endpoint TEXT;`,
  },
  {
    version: 5,
    name: "accounts: when each session started, and ending all of a person's sessions at once",
    // Sessions from before keep working; they only cannot say when they started.
    sql: () => `
      ALTER TABLE sessions ADD COLUMN created_at TEXT;
      CREATE INDEX sessions_email ON sessions (email);
    `,
  },
  {
    version: 6,
    name: 'calendar links a person can reset',
    // A person's feed tokens sign their generation: raising it retires every link given out before.
    // No row is generation 0, whose tokens are the ones given out before this table existed.
    sql: () => `CREATE TABLE calendar_links (email TEXT PRIMARY KEY, generation INTEGER NOT NULL);`,
  },
  {
    version: 7,
    name: 'insights as queries: the facts of each incident, kept as its events are appended',
    // Times also as epoch milliseconds (BIGINT: PostgreSQL's INTEGER stops in 1970 + 25 days of them), so
    // durations, windows and weeks are plain arithmetic on both databases; pages and spans carry their
    // incident's opening time, so a report's window is a range scan of one table. incident_folds: where the fold over
    // each timeline has got to, so an append folds only its own events.
    sql: () => `
      CREATE TABLE incident_facts (
        incident_id TEXT PRIMARY KEY REFERENCES incidents (id),
        created_at_ms BIGINT NOT NULL,
        alertname TEXT,
        service TEXT,
        paged_at_ms BIGINT,
        acked_at_ms BIGINT,
        resolved_at_ms BIGINT,
        actionable INTEGER,
        resolved_without_action INTEGER NOT NULL,
        point TEXT,
        resolution_note TEXT
      );
      CREATE INDEX incident_facts_created ON incident_facts (created_at_ms);
      CREATE INDEX incident_facts_rule ON incident_facts (alertname, service, created_at_ms);
      CREATE INDEX incident_facts_paged ON incident_facts (paged_at_ms);
      -- Apart from the facts, whose rows stay small for the scans that aggregate them.
      CREATE TABLE incident_folds (incident_id TEXT PRIMARY KEY REFERENCES incidents (id), fold TEXT NOT NULL);
      CREATE TABLE incident_pages (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        created_at_ms BIGINT NOT NULL,
        email TEXT NOT NULL,
        rotation_id TEXT,
        at TEXT NOT NULL,
        at_ms BIGINT NOT NULL
      );
      CREATE INDEX incident_pages_incident ON incident_pages (incident_id);
      CREATE INDEX incident_pages_email ON incident_pages (email, at_ms);
      CREATE INDEX incident_pages_at ON incident_pages (at_ms);
      CREATE INDEX incident_pages_created ON incident_pages (created_at_ms);
      CREATE TABLE incident_point_spans (
        incident_id TEXT NOT NULL REFERENCES incidents (id),
        created_at_ms BIGINT NOT NULL,
        email TEXT NOT NULL,
        rotation_id TEXT,
        from_ms BIGINT NOT NULL,
        to_ms BIGINT
      );
      CREATE INDEX incident_point_spans_incident ON incident_point_spans (incident_id);
      CREATE INDEX incident_point_spans_created ON incident_point_spans (created_at_ms);
    `,
    backfill: backfillFacts,
  },
  {
    version: 8,
    name: "heartbeats: each one's last beat and the deadline of the next",
    // due_at is when a missed beat pages: the last beat (or, for one that never beat, when onpoint first
    // knew it) plus interval and grace. missed_at is set once that deadline has opened an incident, so it
    // fires once; the next beat clears it. leased_until: a process firing it holds it for a while.
    sql: () => `
      CREATE TABLE heartbeats (
        id TEXT PRIMARY KEY,
        first_known_at TEXT NOT NULL,
        last_beat_at TEXT,
        due_at TEXT NOT NULL,
        missed_at TEXT,
        leased_until TEXT
      );
      CREATE INDEX heartbeats_due ON heartbeats (due_at) WHERE missed_at IS NULL;
    `,
  },
];
