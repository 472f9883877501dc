import type { SqlClient } from '../store/sql-client.js';
import type { OverrideRecord, ScheduleStore } from '../store/store.js';

/** The schedule's SQL: cover (overrides), and the generation each person's calendar links are signed with. */
export function scheduleSql(sql: SqlClient): ScheduleStore {
  return {
    async createOverride(o) {
      await sql.run(
        `INSERT INTO overrides (id, rotation_id, role, person, start_at, end_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [o.id, o.rotationId, o.role, o.person, o.start, o.end, o.createdBy, o.createdAt],
      );
    },
    async listOverrides(after) {
      return sql.all<OverrideRecord>(
        `SELECT id, rotation_id AS "rotationId", role, person, start_at AS start, end_at AS "end", created_by AS "createdBy", created_at AS "createdAt"
         FROM overrides WHERE removed_at IS NULL AND end_at > ? ORDER BY start_at`,
        [after],
      );
    },
    async removeOverride(id, by, at) {
      return (
        (await sql.run('UPDATE overrides SET removed_by = ?, removed_at = ? WHERE id = ? AND removed_at IS NULL', [by, at, id]))
          .changes > 0
      );
    },
    async getCalendarGeneration(email) {
      const row = await sql.get<{ generation: number }>('SELECT generation FROM calendar_links WHERE email = ?', [email]);
      return Number(row?.generation ?? 0);
    },
    async advanceCalendarGeneration(email) {
      const row = await sql.get<{ generation: number }>(
        `INSERT INTO calendar_links (email, generation) VALUES (?, 1)
         ON CONFLICT (email) DO UPDATE SET generation = calendar_links.generation + 1 RETURNING generation`,
        [email],
      );
      return Number(row!.generation);
    },
  };
}
