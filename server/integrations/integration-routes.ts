import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IngestResult } from '../../shared/api.js';
import type { Actor } from '../../shared/timeline.js';
import { bearerToken, hashToken, tokenMatches } from '../sessions/secrets.js';
import type { Integration } from '../config/load.js';
import { HttpError, parseBody } from '../http/errors.js';
import { AlertmanagerPayload, describeGroup } from './alertmanager.js';
import type { Ingest } from './ingest.js';
import type { SeverityClasses } from './severity-classes.js';

const ALERTMANAGER: Actor = { kind: 'system', name: 'Alertmanager' };

/** Whether the request's bearer token is this integration's. */
export function holdsToken(request: FastifyRequest, integration: Integration, env: NodeJS.ProcessEnv): boolean {
  const token = bearerToken(request.headers.authorization);
  if (!token) return false;
  if (integration.tokenHash) return tokenMatches(token, integration.tokenHash);
  const expected = integration.tokenEnv ? env[integration.tokenEnv] : undefined;
  return expected !== undefined && tokenMatches(token, hashToken(expected));
}

/** Which integration a bearer token belongs to; null for a missing or wrong one. */
function integrationFor(request: FastifyRequest, integrations: Integration[], env: NodeJS.ProcessEnv): Integration | null {
  return integrations.find((i) => holdsToken(request, i, env)) ?? null;
}

export async function integrationRoutes(
  app: FastifyInstance,
  {
    integrations,
    severities,
    ingest,
    env = process.env,
  }: { integrations: Integration[]; severities: SeverityClasses; ingest: Ingest; env?: NodeJS.ProcessEnv },
) {
  app.post('/api/integrations/alertmanager', { bodyLimit: 5 * 1024 * 1024 }, async (request) => {
    const integration = integrationFor(
      request,
      integrations.filter((i) => i.type === 'alertmanager'),
      env,
    );
    if (!integration) {
      throw new HttpError(401, 'bad_token', 'Missing or wrong bearer token for the Alertmanager integration');
    }
    const payload = parseBody(AlertmanagerPayload, request.body, 'Alertmanager payload');
    return (await ingest(describeGroup(integration.id, payload, severities), ALERTMANAGER)) satisfies IngestResult;
  });
}
