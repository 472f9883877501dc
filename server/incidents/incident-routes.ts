import type { FastifyInstance } from 'fastify';
import { ActionBody } from '../../shared/actions.js';
import {
  DeclareBody,
  type ActionResult,
  type Declared,
  type IncidentHistory,
  type IncidentList,
  type IncidentSummary,
  type IncidentView,
} from '../../shared/api.js';
import type { z } from 'zod';
import { HttpError, parseBody } from '../http/errors.js';
import { perPersonLimit } from '../http/person-rate-limit.js';
import { personOf } from '../http/person-scope.js';
import type { createActions } from './actions.js';
import type { createDeclare } from './declare.js';
import type { InsightsService } from '../insights/insights-service.js';
import type { PlaybookLibrary } from '../playbooks/library.js';
import type { IncidentRecord, IncidentStore } from '../store/store.js';

interface Deps {
  store: IncidentStore;
  playbooks: PlaybookLibrary;
  recordAction: ReturnType<typeof createActions>;
  declare: ReturnType<typeof createDeclare>;
  insights: InsightsService;
}

const LIST_LIMIT = 200;

function summaryOf(incident: IncidentRecord): IncidentSummary {
  const { id, title, severity, pagingClass, playbook, createdAt, state } = incident;
  return { id, title, severity, pagingClass, playbook, createdAt, state };
}

export async function incidentRoutes(app: FastifyInstance, { store, playbooks, recordAction, declare, insights }: Deps) {
  const find = async (id: string) => {
    const incident = await store.getIncident(id);
    if (!incident) throw new HttpError(404, 'not_found', `No incident ${id}`);
    return incident;
  };

  app.get('/api/incidents', async () => {
    return { incidents: (await store.listIncidents(LIST_LIMIT)).map(summaryOf) } satisfies z.infer<typeof IncidentList>;
  });

  app.get<{ Params: { id: string } }>('/api/incidents/:id', async (request) => {
    const incident = await find(request.params.id);
    const view: IncidentView = {
      ...summaryOf(incident),
      details: incident.details,
      timeline: await store.listEvents(incident.id),
      playbookContent: incident.playbook ? (playbooks.get(incident.playbook)?.playbook ?? null) : null,
    };
    return view;
  });

  /** The same alert's earlier incidents; asked for by the incident screen, apart from the view it refreshes often. */
  app.get<{ Params: { id: string } }>('/api/incidents/:id/history', async (request) => {
    return { history: await insights.history(await find(request.params.id)) } satisfies z.infer<typeof IncidentHistory>;
  });

  /** A Markdown draft to start the postmortem from. */
  app.get<{ Params: { id: string } }>('/api/incidents/:id/postmortem.md', async (request, reply) => {
    const incident = await find(request.params.id);
    const name =
      incident.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 60) || 'incident';
    return reply
      .type('text/markdown; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="postmortem-${name}.md"`)
      .header('Cache-Control', 'private, no-store')
      .send(await insights.postmortem(incident));
  });

  /** "Declare incident": one a person saw and no alert raised. */
  app.post('/api/incidents', perPersonLimit('declared incidents', 30, 10), async (request, reply) => {
    const person = personOf(request);
    const body = parseBody(DeclareBody, request.body, 'incident');
    const existing = await store.getIncident(body.id);
    if (existing) return reply.status(200).send({ incidentId: existing.id, created: false } satisfies z.infer<typeof Declared>);
    const result = await declare(person, body);
    return reply
      .status(result.created ? 201 : 200)
      .send({ incidentId: result.incident.id, created: result.created } satisfies z.infer<typeof Declared>);
  });

  // A phone back from a night with no signal sends its whole outbox at once: generous, yet bounded.
  app.post<{ Params: { id: string } }>(
    '/api/incidents/:id/actions',
    perPersonLimit('actions', 300, 1),
    async (request, reply) => {
      const person = personOf(request);
      const action = parseBody(ActionBody, request.body, 'action');
      const result = await recordAction(request.params.id, person, action);
      return reply.status(result.created ? 201 : 200).send(result satisfies ActionResult);
    },
  );
}
