import type { FastifyInstance } from 'fastify';
import type { BeatResult, HeartbeatList } from '../../shared/api.js';
import { HttpError } from '../http/errors.js';
import { holdsToken } from '../integrations/integration-routes.js';
import type { Heartbeats } from './heartbeats.js';

/** What a beat may carry: Alertmanager posts its whole webhook body to the heartbeat URL; it is not read. */
const BEAT_BODY_LIMIT = 256 * 1024;

/** `POST /api/integrations/heartbeat/:id`: public, with the heartbeat's own bearer token. */
export async function beatRoutes(
  app: FastifyInstance,
  { heartbeats, env = process.env }: { heartbeats: Heartbeats; env?: NodeJS.ProcessEnv },
) {
  // Any body of any type, or none: a cron job's curl, or Alertmanager's webhook JSON (in this scope only).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BEAT_BODY_LIMIT }, (_request, _body, done) => done(null));

  app.post<{ Params: { id: string } }>('/api/integrations/heartbeat/:id', { bodyLimit: BEAT_BODY_LIMIT }, async (request) => {
    const heartbeat = heartbeats.heartbeat(request.params.id);
    if (!heartbeat) throw new HttpError(404, 'not_found', `There is no heartbeat ${request.params.id} in the config`);
    if (!holdsToken(request, heartbeat, env)) {
      throw new HttpError(401, 'bad_token', `Missing or wrong bearer token for the heartbeat ${heartbeat.id}`);
    }
    return (await heartbeats.beat(heartbeat)) satisfies BeatResult;
  });
}

/** `GET /api/heartbeats`, for a logged-in person: each heartbeat's last beat and deadline. */
export async function heartbeatRoutes(app: FastifyInstance, { heartbeats }: { heartbeats: Heartbeats }) {
  app.get('/api/heartbeats', async () => ({ heartbeats: await heartbeats.list() }) satisfies HeartbeatList);
}
