import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IngestResult } from '../../shared/api.js';
import type { Actor } from '../../shared/timeline.js';
import { bearerToken, hashToken, tokenMatches } from '../sessions/secrets.js';
import type { Integration } from '../config/load.js';
import { HttpError, parseBody } from '../http/errors.js';
import { AlertmanagerPayload, describeGroup } from './alertmanager.js';
import type { Ingest } from './ingest.js';
import type { WebhookOutcome } from '../metrics/metrics.js';
import type { SeverityClasses } from './severity-classes.js';

const ALERTMANAGER: Actor = { kind: 'system', name: 'Alertmanager' };

/** Which integration a bearer token belongs to; null for a missing or wrong one. */
function integrationFor(request: FastifyRequest, integrations: Integration[], env: NodeJS.ProcessEnv): Integration | null {
  const token = bearerToken(request.headers.authorization);
  if (!token) return null;
  return (
    integrations.find((i) => {
      if (i.tokenHash) return tokenMatches(token, i.tokenHash);
      const expected = i.tokenEnv ? env[i.tokenEnv] : undefined;
      return expected !== undefined && tokenMatches(token, hashToken(expected));
    }) ?? null
  );
}

export async function integrationRoutes(
  app: FastifyInstance,
  {
    integrations,
    severities,
    ingest,
    countWebhook,
    env = process.env,
  }: {
    integrations: Integration[];
    severities: SeverityClasses;
    ingest: Ingest;
    /** Told what became of each webhook; `integration` is "unknown" when its token matched none. */
    countWebhook: (integration: string, outcome: WebhookOutcome) => void;
    env?: NodeJS.ProcessEnv;
  },
) {
  app.post('/api/integrations/alertmanager', { bodyLimit: 5 * 1024 * 1024 }, async (request) => {
    const integration = integrationFor(
      request,
      integrations.filter((i) => i.type === 'alertmanager'),
      env,
    );
    if (!integration) {
      countWebhook('unknown', 'unauthorized');
      throw new HttpError(401, 'bad_token', 'Missing or wrong bearer token for the Alertmanager integration');
    }
    let payload: AlertmanagerPayload;
    try {
      payload = parseBody(AlertmanagerPayload, request.body, 'Alertmanager payload');
    } catch (err) {
      countWebhook(integration.id, 'invalid');
      throw err;
    }
    const result = await ingest(describeGroup(integration.id, payload, severities), ALERTMANAGER);
    countWebhook(integration.id, result.outcome);
    return result satisfies IngestResult;
  });
}
