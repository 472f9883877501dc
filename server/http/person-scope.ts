import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Sessions } from '../sessions/sessions.js';
import type { PersonConfig } from '../config/schema.js';
import type { SessionRecord } from '../store/store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, and the session they came with; set for every route registered through `forPeople`. */
    person: PersonConfig | null;
    session: SessionRecord | null;
  }
}

/**
 * The routes a logged-in person uses are registered inside one scope whose first hook refuses a request
 * without a live session (401, before its body is even read). A route added there cannot forget the
 * check; a public route has to be registered outside it, by name (the route test names each).
 */
export async function forPeople(app: FastifyInstance, sessions: Sessions, routes: (scope: FastifyInstance) => Promise<void>) {
  app.decorateRequest('person', null);
  app.decorateRequest('session', null);
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request) => {
      ({ person: request.person, session: request.session } = await sessions.require(request));
    });
    await routes(scope);
  });
}

const outsideScope = (request: FastifyRequest) => new Error(`${request.routeOptions.url} is not registered through forPeople`);

/** The person a `forPeople` route is serving. */
export function personOf(request: FastifyRequest): PersonConfig {
  if (!request.person) throw outsideScope(request);
  return request.person;
}

/** The login session a `forPeople` request came with. */
export function sessionOf(request: FastifyRequest): SessionRecord {
  if (!request.session) throw outsideScope(request);
  return request.session;
}
