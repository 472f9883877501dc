import type { FastifyInstance } from 'fastify';
import { ActionBody } from '../../shared/actions.js';
import type { IncidentSummary, IncidentView } from '../../shared/api.js';
import type { Sessions } from '../auth/sessions.js';
import { HttpError, parseBody } from '../http/errors.js';
import type { createActions } from '../incidents/actions.js';
import type { PlaybookLibrary } from '../playbooks/library.js';
import type { IncidentRecord, Store } from '../store/store.js';

interface Deps {
  store: Store;
  sessions: Sessions;
  playbooks: PlaybookLibrary;
  recordAction: ReturnType<typeof createActions>;
}

const LIST_LIMIT = 200;

function summaryOf(incident: IncidentRecord): IncidentSummary {
  const { id, title, severity, pagingClass, playbook, createdAt, state } = incident;
  return { id, title, severity, pagingClass, playbook, createdAt, state };
}

export function incidentRoutes(app: FastifyInstance, { store, sessions, playbooks, recordAction }: Deps) {
  app.get('/api/incidents', async (request) => {
    await sessions.require(request);
    return { incidents: (await store.listIncidents(LIST_LIMIT)).map(summaryOf) };
  });

  app.get<{ Params: { id: string } }>('/api/incidents/:id', async (request) => {
    await sessions.require(request);
    const incident = await store.getIncident(request.params.id);
    if (!incident) throw new HttpError(404, 'not_found', `No incident ${request.params.id}`);
    const view: IncidentView = {
      ...summaryOf(incident),
      details: incident.details,
      timeline: await store.listEvents(incident.id),
      playbookContent: incident.playbook ? (playbooks.get(incident.playbook)?.playbook ?? null) : null,
    };
    return view;
  });

  app.post<{ Params: { id: string } }>('/api/incidents/:id/actions', async (request, reply) => {
    const person = await sessions.require(request);
    const action = parseBody(ActionBody, request.body, 'action');
    const result = await recordAction(request.params.id, person, action);
    return reply.status(result.created ? 201 : 200).send(result);
  });
}
