import type { FastifyInstance } from 'fastify';
import type { Sessions } from '../auth/sessions.js';
import type { createHandoffs } from '../handoff/handoffs.js';
import type { InsightsService } from '../insights/insights-service.js';

/** Handoff summaries of every rotation, and the nudge after a night page. */
export function handoffRoutes(
  app: FastifyInstance,
  {
    sessions,
    handoffs,
    insights,
  }: { sessions: Sessions; handoffs: ReturnType<typeof createHandoffs>; insights: InsightsService },
) {
  app.get('/api/handoffs', async (request) => {
    await sessions.require(request);
    return { handoffs: await handoffs.summaries() };
  });

  app.get('/api/me/nudge', async (request) => {
    const person = await sessions.require(request);
    return insights.nudge(person.email);
  });
}
