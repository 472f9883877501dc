import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { PersonConfig } from '../config/schema.js';
import { HttpError } from '../http/errors.js';
import type { SessionRecord, SessionStore } from '../store/store.js';
import { verifyPassword } from './secrets.js';

export const SESSION_COOKIE = 'onpoint_session';
/** Long, because being logged out of your pager at 3 a.m. is how pages get missed. */
const SESSION_DAYS = 30;
/** Compared against when the email is unknown, so a wrong email costs as long as a wrong password. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

const hashId = (id: string) => createHash('sha256').update(id).digest('base64url');

export function createSessions(store: SessionStore, people: PersonConfig[], now: Clock) {
  const byEmail = new Map(people.map((p) => [p.email, p]));

  async function current(request: FastifyRequest): Promise<{ person: PersonConfig; session: SessionRecord } | null> {
    const id = request.cookies[SESSION_COOKIE];
    if (!id) return null;
    const session = await store.getSession(hashId(id), now().toISOString());
    // Someone removed from the config loses access at once, even with a live cookie.
    const person = session ? byEmail.get(session.email) : undefined;
    return person && session ? { person, session } : null;
  }

  const clearCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/' });

  return {
    /** Who is asking, or null for nobody logged in. */
    current,

    /** Who is asking and the session they came with: the person scope's check (`forPeople`). */
    async require(request: FastifyRequest): Promise<{ person: PersonConfig; session: SessionRecord }> {
      const found = await current(request);
      if (!found) throw new HttpError(401, 'not_logged_in', 'Log in first');
      return found;
    },

    async login(request: FastifyRequest, reply: FastifyReply, email: string, password: string): Promise<PersonConfig> {
      const person = byEmail.get(email);
      const hash = person ? ((await store.getPasswordHash(email)) ?? person.passwordHash) : undefined;
      const ok = await verifyPassword(password, hash ?? DUMMY_HASH);
      if (!person || !hash || !ok) throw new HttpError(401, 'bad_credentials', 'Wrong email or password');
      const id = randomBytes(32).toString('base64url');
      const created = now();
      const expires = new Date(created.getTime() + SESSION_DAYS * 24 * 3600 * 1000);
      await store.createSession(hashId(id), { email, createdAt: created.toISOString(), expiresAt: expires.toISOString() });
      reply.setCookie(SESSION_COOKIE, id, {
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        path: '/',
        expires,
      });
      return person;
    },

    async logout(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const id = request.cookies[SESSION_COOKIE];
      if (id) await store.deleteSession(hashId(id));
      clearCookie(reply);
    },

    /** Log out everywhere: every session of the person, this one included. */
    async endAll(person: PersonConfig, reply: FastifyReply): Promise<void> {
      await store.deleteSessionsOf(person.email);
      clearCookie(reply);
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
