import type { FastifyRequest } from 'fastify';
import { personOf } from './person-scope.js';

/**
 * Route options limiting how often one person may call a route, whatever device or tab they use. Checked
 * after the session (preHandler), so the limit counts people, not addresses. A 429 from these is
 * retried later by the app's outbox, never dropped.
 */
export function perPersonLimit(what: string, max: number, minutes: number) {
  return {
    config: {
      rateLimit: {
        max,
        timeWindow: minutes * 60_000,
        hook: 'preHandler' as const,
        keyGenerator: (request: FastifyRequest) => `${what} ${personOf(request).email}`,
        errorResponseBuilder: () =>
          Object.assign(
            new Error(
              `You sent more than ${max} ${what} in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}: wait a little, then try again`,
            ),
            { statusCode: 429, code: 'too_many_requests' },
          ),
      },
    },
  };
}
