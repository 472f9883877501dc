import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { OverrideBody, type OnCall, type OnCallNow, type OverrideList, type OverrideView } from '../../shared/api.js';
import type { z } from 'zod';
import type { Config } from '../config/load.js';
import { HttpError, parseBody } from '../http/errors.js';
import { personOf } from '../http/person-scope.js';
import { lastStep, targetsAt } from '../escalation/policy.js';
import { onCallAt } from './on-call.js';
import { activeOverrides } from './overrides.js';
import { scheduledFor, shiftAt } from './rotation.js';
import type { ScheduleStore } from '../store/store.js';

const UPCOMING_SHIFTS = 4;

interface Deps {
  config: Config;
  store: ScheduleStore;
  now: () => Date;
}

/** Who is on call now and next (`GET /api/oncall`), and the swaps people make (`/api/overrides`). */
export async function scheduleRoutes(app: FastifyInstance, { config, store, now }: Deps) {
  app.get('/api/oncall', async () => {
    const at = now();
    const overrides = await activeOverrides(store, at);
    const rotations: OnCallNow[] = config.rotations.map((rotation) => {
      const onCall = onCallAt(rotation, overrides, at);
      const current = rotation.shift ? shiftAt(rotation.shift, at) : null;
      const upcoming = [];
      for (let i = 1, start = current?.end; rotation.shift && start && i <= UPCOMING_SHIFTS; i++) {
        const shift = shiftAt(rotation.shift, start);
        upcoming.push({ start: shift.start.toISOString(), end: shift.end.toISOString(), ...scheduledFor(rotation, shift.index) });
        start = shift.end;
      }
      return {
        rotationId: rotation.id,
        name: rotation.name,
        primary: onCall.primary,
        secondary: onCall.secondary,
        primaryUntil: onCall.primaryUntil?.toISOString() ?? null,
        shiftEnd: onCall.shiftEnd?.toISOString() ?? null,
        nextPrimary: onCall.nextPrimary,
        upcoming,
      };
    });
    const team = { rotations: config.rotations, overrides, people: config.people.map((p) => p.email) };
    const escalation = {
      levels: config.escalation.levels.map((level) => targetsAt(level, team, at).map((t) => t.email)),
      lastStep: lastStep(config.escalation),
    };
    return { rotations, escalation } satisfies z.infer<typeof OnCall>;
  });

  app.get('/api/overrides', async () => {
    return { overrides: await store.listOverrides(now().toISOString()) } satisfies z.infer<typeof OverrideList>;
  });

  /** Anyone on the team may cover for anyone: small teams swap by agreement, and every change is on record. */
  app.post('/api/overrides', async (request, reply) => {
    const person = personOf(request);
    const body = parseBody(OverrideBody, request.body, 'override');
    if (!config.rotations.some((r) => r.id === body.rotationId)) {
      throw new HttpError(400, 'unknown_rotation', `There is no rotation ${body.rotationId}`);
    }
    if (!config.people.some((p) => p.email === body.person)) {
      throw new HttpError(400, 'unknown_person', `${body.person} is not on this team`);
    }
    const override: OverrideView = {
      id: randomUUID(),
      rotationId: body.rotationId,
      role: body.role,
      person: body.person,
      start: new Date(body.start).toISOString(),
      end: new Date(body.end).toISOString(),
      createdBy: person.email,
      createdAt: now().toISOString(),
    };
    await store.createOverride(override);
    return reply.status(201).send(override);
  });

  app.delete<{ Params: { id: string } }>('/api/overrides/:id', async (request, reply) => {
    const person = personOf(request);
    if (!(await store.removeOverride(request.params.id, person.email, now().toISOString()))) {
      throw new HttpError(404, 'not_found', 'No such override');
    }
    return reply.status(204).send();
  });
}
