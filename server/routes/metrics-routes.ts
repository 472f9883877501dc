import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/errors.js';
import type { Metrics } from '../metrics/metrics.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * `GET /metrics` in Prometheus' text format. With ONPOINT_METRICS_TOKEN set, Prometheus sends it as a
 * bearer token; without it only a scraper on this machine is answered, so the numbers never leak by default.
 */
export function metricsRoutes(app: FastifyInstance, { metrics, token }: { metrics: Metrics; token?: string }) {
  app.get('/metrics', async (request, reply) => {
    if (token) {
      const sent = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
      if (!sameSecret(sent, token))
        throw new HttpError(401, 'unauthorized', 'Send the metrics token as "Authorization: Bearer …"');
    } else if (!LOOPBACK.has(request.ip)) {
      throw new HttpError(403, 'forbidden', 'Set ONPOINT_METRICS_TOKEN to scrape /metrics from another machine');
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
