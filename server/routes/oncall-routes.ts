import type { FastifyInstance } from 'fastify';
import type { OnCallNow } from '../../shared/api.js';
import type { Sessions } from '../auth/sessions.js';
import type { Config } from '../config/load.js';
import { onCallAt } from '../schedule/on-call.js';

/** `GET /api/oncall`: for each rotation, who is primary and secondary now, until when, and who is next. */
export function onCallRoutes(
  app: FastifyInstance,
  { sessions, config, now }: { sessions: Sessions; config: Config; now: () => Date },
) {
  app.get('/api/oncall', async (request) => {
    await sessions.require(request);
    const at = now();
    const rotations: OnCallNow[] = config.rotations.map((rotation) => {
      const onCall = onCallAt(rotation, [], at);
      return {
        rotationId: rotation.id,
        name: rotation.name,
        primary: onCall.primary,
        secondary: onCall.secondary,
        primaryUntil: onCall.primaryUntil?.toISOString() ?? null,
        shiftEnd: onCall.shiftEnd?.toISOString() ?? null,
        nextPrimary: onCall.nextPrimary,
      };
    });
    return { rotations };
  });
}
