import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { HandoffList, Nudge } from '../../shared/api.js';
import type { createHandoffs } from './handoffs.js';
import { personOf } from '../http/person-scope.js';
import type { InsightsService } from '../insights/insights-service.js';

/** Handoff summaries of every rotation, and the nudge after a night page. */
export async function handoffRoutes(
  app: FastifyInstance,
  { handoffs, insights }: { handoffs: ReturnType<typeof createHandoffs>; insights: InsightsService },
) {
  app.get('/api/handoffs', async () => {
    return { handoffs: await handoffs.summaries() } satisfies z.infer<typeof HandoffList>;
  });

  app.get('/api/me/nudge', async (request) => {
    const person = personOf(request);
    return (await insights.nudge(person.email)) satisfies Nudge;
  });
}
