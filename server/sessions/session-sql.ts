import type { SqlClient } from '../store/sql-client.js';
import type { SessionRecord, SessionStore } from '../store/store.js';

/** The sessions' SQL: passwords set from the command line, and login sessions. */
export function sessionSql(sql: SqlClient, now: () => Date): SessionStore {
  return {
    async getPasswordHash(email) {
      return (await sql.get<{ hash: string }>('SELECT hash FROM passwords WHERE email = ?', [email]))?.hash ?? null;
    },
    setPasswordHash(email, hash) {
      return sql.transaction(async (tx) => {
        await tx.run(
          'INSERT INTO passwords (email, hash, updated_at) VALUES (?, ?, ?) ON CONFLICT (email) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at',
          [email, hash, now().toISOString()],
        );
        // Whoever knew the old password may be logged in with it: a new password ends every session.
        await tx.run('DELETE FROM sessions WHERE email = ?', [email]);
      });
    },
    async createSession(idHash, { email, createdAt, expiresAt }) {
      await sql.run('INSERT INTO sessions (id_hash, email, created_at, expires_at) VALUES (?, ?, ?, ?)', [
        idHash,
        email,
        createdAt,
        expiresAt,
      ]);
    },
    async getSession(idHash, at) {
      const row = await sql.get<{ email: string; created_at: string | null; expires_at: string }>(
        'SELECT email, created_at, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?',
        [idHash, at],
      );
      return row ? ({ email: row.email, createdAt: row.created_at, expiresAt: row.expires_at } satisfies SessionRecord) : null;
    },
    async deleteSession(idHash) {
      await sql.run('DELETE FROM sessions WHERE id_hash = ?', [idHash]);
    },
    async deleteSessionsOf(email) {
      return (await sql.run('DELETE FROM sessions WHERE email = ?', [email])).changes;
    },
  };
}
