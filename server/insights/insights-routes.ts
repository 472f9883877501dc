import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { InsightsView } from '../../shared/api.js';
import { HttpError, parseBody } from '../http/errors.js';
import type { InsightsService } from './insights-service.js';

const DAY = 24 * 3600_000;
const DEFAULT_DAYS = 42;
const MAX_DAYS = 366;

const InsightsQuery = z.object({
  from: z.iso
    .date()
    .or(z.iso.datetime({ offset: true }))
    .optional(),
  to: z.iso
    .date()
    .or(z.iso.datetime({ offset: true }))
    .optional(),
});

/** `GET /api/insights?from=&to=`: alert quality, recall and night load for incidents opened in [from, to). */
export async function insightsRoutes(app: FastifyInstance, { insights, now }: { insights: InsightsService; now: () => Date }) {
  app.get('/api/insights', async (request) => {
    const query = parseBody(InsightsQuery, request.query, 'query');
    const to = query.to ? new Date(query.to) : now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_DAYS * DAY);
    if (from >= to) throw new HttpError(400, 'invalid_range', '`from` must be before `to`');
    if (to.getTime() - from.getTime() > MAX_DAYS * DAY)
      throw new HttpError(400, 'invalid_range', `Ask for ${MAX_DAYS} days at most`);
    return (await insights.insights(from, to)) satisfies InsightsView;
  });
}
