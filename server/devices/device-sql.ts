import type { SqlClient } from '../store/sql-client.js';
import type { DeviceRecord, DeviceStatus, DeviceStore } from '../store/store.js';

/** The devices' SQL: a person's push subscriptions, one row per browser. */

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

interface DeviceStatusRow extends DeviceRow {
  last_page_sent_at: string | null;
  last_page_confirmed_at: string | null;
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

export function deviceSql(sql: SqlClient): DeviceStore {
  const { forUpdate } = sql.dialect;
  return {
    async upsertDevice(d) {
      const row = await sql.get<DeviceRow>(
        `INSERT INTO devices (id, email, name, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (endpoint) DO UPDATE SET email = excluded.email, name = excluded.name, p256dh = excluded.p256dh, auth = excluded.auth
         RETURNING *`,
        [d.id, d.email, d.name, d.endpoint, d.p256dh, d.auth, d.createdAt],
      );
      return toDevice(row!);
    },
    async listDevices(email) {
      return (await sql.all<DeviceRow>('SELECT * FROM devices WHERE email = ? ORDER BY created_at, id', [email])).map(toDevice);
    },
    async deleteDevice(id, email) {
      const { changes } =
        email === undefined
          ? await sql.run('DELETE FROM devices WHERE id = ?', [id])
          : await sql.run('DELETE FROM devices WHERE id = ? AND email = ?', [id, email]);
      return changes > 0;
    },
    replaceDevice(r) {
      return sql.transaction(async (tx) => {
        const byId = r.deviceId
          ? await tx.get<DeviceRow>(`SELECT * FROM devices WHERE id = ? AND email = ?${forUpdate}`, [r.deviceId, r.email])
          : undefined;
        const device =
          byId ??
          (r.oldEndpoint
            ? await tx.get<DeviceRow>(`SELECT * FROM devices WHERE endpoint = ? AND email = ?${forUpdate}`, [
                r.oldEndpoint,
                r.email,
              ])
            : undefined);
        if (!device) return null;
        // The browser has one subscription: a row that already holds it (registered again as new meanwhile) goes.
        await tx.run('DELETE FROM devices WHERE endpoint = ? AND id <> ?', [r.endpoint, device.id]);
        const row = await tx.get<DeviceRow>(
          'UPDATE devices SET endpoint = ?, p256dh = ?, auth = ?, name = COALESCE(?, name) WHERE id = ? RETURNING *',
          [r.endpoint, r.p256dh, r.auth, r.name ?? null, device.id],
        );
        // Queued pushes find the endpoint by device id when they are sent; their origin (what sends are
        // bounded by) moves with it, and one backing off from the old push service need not wait any more.
        await tx.run(
          `UPDATE outgoing_pushes SET origin = ?, next_attempt_at = CASE WHEN next_attempt_at > ? THEN ? ELSE next_attempt_at END
           WHERE device_id = ? AND status = 'pending'`,
          [new URL(r.endpoint).origin, r.at, r.at, device.id],
        );
        return toDevice(row!);
      });
    },
    async listDeviceStatuses(email) {
      const rows = await sql.all<DeviceStatusRow>(
        `SELECT d.*, p.sent_at AS last_page_sent_at, p.confirmed_at AS last_page_confirmed_at
         FROM devices d
         LEFT JOIN outgoing_pushes p ON p.id = (
           SELECT q.id FROM outgoing_pushes q
           WHERE q.device_id = d.id AND q.kind = 'page' AND q.status = 'sent'
           ORDER BY q.created_at DESC, q.sent_at DESC LIMIT 1
         )
         WHERE d.email = ? ORDER BY d.created_at, d.id`,
        [email],
      );
      return rows.map((row): DeviceStatus => ({
        ...toDevice(row),
        lastPage: row.last_page_sent_at ? { sentAt: row.last_page_sent_at, confirmedAt: row.last_page_confirmed_at } : null,
      }));
    },
    async markDeviceDelivered(id, at) {
      const row = await sql.get<DeviceRow>('UPDATE devices SET last_delivered_at = ? WHERE id = ? RETURNING *', [at, id]);
      return row ? toDevice(row) : null;
    },
  };
}
