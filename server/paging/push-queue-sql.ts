import type { IncidentState } from '../../shared/reducer.js';
import type { SqlClient } from '../store/sql-client.js';
import type { NewPush, PushJob, PushQueueStore, PushSettlement } from '../store/store.js';

/** The outgoing push queue's SQL: one row per push, its retry state in the row. */

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

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export function pushQueueSql(sql: SqlClient) {
  const { skipLocked } = sql.dialect;

  const methods: Omit<PushQueueStore, 'enqueuePushes' | 'settlePushes'> = {
    async claimDuePushes(at, leaseUntil, limit, skipOrigins) {
      const skip = skipOrigins.length > 0 ? ` AND origin NOT IN (${placeholders(skipOrigins.length)})` : '';
      const claimed = await sql.all<{ id: string }>(
        // Which endpoint this send goes to is kept with the lease: see settle.
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
    async isPushPending(id) {
      return (
        (await sql.get('SELECT 1 AS pending FROM outgoing_pushes WHERE id = ? AND status = ?', [id, 'pending'])) !== undefined
      );
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
  };

  return {
    /** Queues pushes inside the caller's transaction (with the events that say why). */
    async insertPushes(tx: SqlClient, pushes: NewPush[]) {
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
    },
    /**
     * Someone has the incident: pages still waiting for a push service are no longer needed. (A level paged
     * later, by Escalate on an acknowledged incident, is queued after this and goes out.)
     */
    async cancelPages(tx: SqlClient, incidentId: string) {
      await tx.run(
        `UPDATE outgoing_pushes SET status = 'cancelled', leased_until = NULL
         WHERE incident_id = ? AND status = 'pending' AND kind IN ('page', 'quiet')`,
        [incidentId],
      );
    },
    /** Writes what became of sends inside the caller's transaction (with their timeline lines). */
    async settle(tx: SqlClient, settlements: PushSettlement[]) {
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
    },
    methods,
  };
}
