import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IngestResult } from '../../shared/api.js';
import type { Actor } from '../../shared/timeline.js';
import { bearerToken, hashToken, tokenMatches } from '../sessions/secrets.js';
import type { Integration } from '../config/load.js';
import { HttpError, parseBody } from '../http/errors.js';
import type { SenderType } from '../config/schema.js';
import { AlertmanagerPayload, describeGroup } from './alertmanager.js';
import { describeGeneric, GenericAlert } from './generic.js';
import { describeGrafanaGroup, GrafanaPayload } from './grafana.js';
import type { Ingest, Reported } from './ingest.js';
import type { WebhookOutcome } from '../metrics/metrics.js';
import type { SeverityClasses } from './severity-classes.js';

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
  /** One way in for every source: its own tokens only, then the one ingest path. */
  const receive =
    (
      type: SenderType,
      name: string,
      describe: (body: unknown, integration: Integration) => Reported,
      source: (integration: Integration) => Actor,
    ) =>
    async (request: FastifyRequest) => {
      const integration = integrationFor(
        request,
        integrations.filter((i) => i.type === type),
        env,
      );
      if (!integration) {
        countWebhook('unknown', 'unauthorized');
        throw new HttpError(401, 'bad_token', `Missing or wrong bearer token for the ${name} integration`);
      }
      let report: Reported;
      try {
        report = describe(request.body, integration);
      } catch (err) {
        countWebhook(integration.id, 'invalid');
        throw err;
      }
      const result = await ingest(report, source(integration));
      countWebhook(integration.id, result.outcome);
      return result satisfies IngestResult;
    };

  app.post(
    '/api/integrations/alertmanager',
    { bodyLimit: 5 * 1024 * 1024 },
    receive(
      'alertmanager',
      'Alertmanager',
      (body, { id }) => describeGroup(id, parseBody(AlertmanagerPayload, body, 'Alertmanager payload'), severities),
      () => ({ kind: 'system', name: 'Alertmanager' }),
    ),
  );
  app.post(
    '/api/integrations/grafana',
    { bodyLimit: 5 * 1024 * 1024 },
    receive(
      'grafana',
      'Grafana',
      (body, { id }) => describeGrafanaGroup(id, parseBody(GrafanaPayload, body, 'Grafana payload'), severities),
      () => ({ kind: 'system', name: 'Grafana' }),
    ),
  );
  app.post(
    '/api/integrations/generic',
    receive(
      'generic',
      'generic webhook',
      (body, { id }) => describeGeneric(id, parseBody(GenericAlert, body, 'generic alert'), severities),
      // The sender is whatever the team named the integration: "ci-deploys", "backup-cron".
      ({ id }) => ({ kind: 'system', name: id }),
    ),
  );
}
