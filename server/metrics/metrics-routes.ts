import type { FastifyInstance } from 'fastify';
import { bearerToken, hashToken, tokenMatches } from '../sessions/secrets.js';
import { HttpError } from '../http/errors.js';
import type { Metrics } from './metrics.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * `GET /metrics` in Prometheus' text format. With ONPOINT_METRICS_TOKEN set, Prometheus sends it as a
 * bearer token; without it only a scraper on this machine is answered, so the numbers never leak by default.
 */
export async function metricsRoutes(app: FastifyInstance, { metrics, token }: { metrics: Metrics; token?: string }) {
  const tokenHash = token && hashToken(token);
  app.get('/metrics', async (request, reply) => {
    if (tokenHash) {
      const sent = bearerToken(request.headers.authorization);
      if (!sent || !tokenMatches(sent, tokenHash))
        throw new HttpError(401, 'unauthorized', 'Send the metrics token as "Authorization: Bearer …"');
    } else if (!LOOPBACK.has(request.ip)) {
      throw new HttpError(403, 'forbidden', 'Set ONPOINT_METRICS_TOKEN to scrape /metrics from another machine');
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
