import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Sessions } from '../auth/sessions.js';
import type { PersonConfig } from '../config/schema.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking; set for every route registered through `forPeople`. */
    person: PersonConfig | null;
  }
}

/**
 * The routes a logged-in person uses are registered inside one scope whose first hook refuses a request
 * without a live session (401, before its body is even read). A route added there cannot forget the
 * check; a public route has to be registered outside it, by name (see `PUBLIC_ROUTES`).
 */
export async function forPeople(app: FastifyInstance, sessions: Sessions, routes: (scope: FastifyInstance) => void) {
  app.decorateRequest('person', null);
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request) => {
      request.person = await sessions.require(request);
    });
    routes(scope);
  });
}

/** The person a `forPeople` route is serving. */
export function personOf(request: FastifyRequest): PersonConfig {
  if (!request.person) throw new Error(`${request.routeOptions.url} is not registered through forPeople`);
  return request.person;
}
