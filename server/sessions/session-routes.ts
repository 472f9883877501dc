import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LoginBody, type Me, type SessionView, type Team, type WhoAmI } from '../../shared/api.js';
import type { Sessions } from './sessions.js';
import type { Config } from '../config/load.js';
import { parseBody } from '../http/errors.js';
import { personOf, sessionOf } from '../http/person-scope.js';
import type { DeviceStore } from '../store/store.js';

/** Public: logging in, out (which needs no live session to clear a cookie), and who is logged in, if anyone. */
export async function loginRoutes(app: FastifyInstance, { sessions }: { sessions: Sessions }) {
  // Per address and account, so guessing one password is slow while a team behind one proxy can still log in.
  const loginLimit = {
    max: 20,
    timeWindow: '1 minute',
    hook: 'preHandler' as const,
    keyGenerator: (request: FastifyRequest) =>
      `${request.ip} ${String((request.body as { email?: unknown } | null)?.email).toLowerCase()}`,
    errorResponseBuilder: () =>
      Object.assign(new Error('Too many login attempts from here: wait a minute, then try again'), {
        statusCode: 429,
        code: 'too_many_attempts',
      }),
  };

  app.post('/api/login', { config: { rateLimit: loginLimit } }, async (request, reply) => {
    const { email, password } = parseBody(LoginBody, request.body);
    const person = await sessions.login(request, reply, email, password);
    return { email: person.email, name: person.name } satisfies Me;
  });

  // Answers nobody rather than 401: the app asks this first thing, and a browser logs every 401 as an error.
  app.get('/api/me', async (request) => {
    const person = (await sessions.current(request))?.person;
    return { person: person ? { email: person.email, name: person.name } : null } satisfies WhoAmI;
  });

  app.post('/api/logout', async (request, reply) => {
    await sessions.logout(request, reply);
    return reply.status(204).send();
  });
}

/** This login: when it started and ends, and ending every login of the person ("log out everywhere"). */
export async function sessionRoutes(app: FastifyInstance, { sessions }: { sessions: Sessions }) {
  app.get('/api/session', async (request) => {
    const session = sessionOf(request);
    return { startedAt: session.createdAt, expiresAt: session.expiresAt } satisfies SessionView;
  });

  app.post('/api/sessions/end-all', async (request, reply) => {
    await sessions.endAll(personOf(request), reply);
    return reply.status(204).send();
  });
}

/** Who is on the team. */
export async function teamRoutes(app: FastifyInstance, { config, store }: { config: Config; store: DeviceStore }) {
  app.get('/api/team', async () => {
    return {
      name: config.teamName,
      // Device counts let the handoff list say who can actually be reached.
      people: await Promise.all(
        config.people.map(async ({ email, name, lead }) => ({
          email,
          name,
          lead,
          devices: (await store.listDevices(email)).length,
        })),
      ),
    } satisfies Team;
  });
}
