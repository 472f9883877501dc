import type { FastifyInstance, FastifyReply } from 'fastify';
import { personName, type Config } from '../config/load.js';
import { HttpError } from '../http/errors.js';
import { personOf } from '../http/person-scope.js';
import { personFeed, rotationFeed, type FeedTokens } from '../schedule/calendar.js';
import { activeOverrides } from '../schedule/overrides.js';
import type { Store } from '../store/store.js';

interface Deps {
  config: Config;
  store: Store;
  tokens: FeedTokens;
  now: () => Date;
}

const sendCalendar = (reply: FastifyReply, body: string) =>
  reply.header('Content-Type', 'text/calendar; charset=utf-8').header('Cache-Control', 'private, max-age=900').send(body);

/** The private calendar URLs of the person asking and of every rotation. */
export function calendarLinkRoutes(app: FastifyInstance, { config, tokens }: Pick<Deps, 'config' | 'tokens'>) {
  const rotationPath = (id: string) => `/api/schedules/${id}.ics?token=${tokens.sign(`rotation:${id}`)}`;
  const personPath = (email: string) =>
    `/api/people/${encodeURIComponent(email)}/shifts.ics?token=${tokens.sign(`person:${email}`)}`;

  app.get('/api/calendars', async (request) => {
    const person = personOf(request);
    return {
      mine: personPath(person.email),
      rotations: config.rotations.map((r) => ({ id: r.id, name: r.name, url: rotationPath(r.id) })),
    };
  });
}

/**
 * Calendar feeds (RFC 5545) per rotation and per person. A calendar app cannot log in: the signed token
 * in the URL is the credential, so these are public routes.
 */
export function calendarFeedRoutes(app: FastifyInstance, { config, store, tokens, now }: Deps) {
  const nameOf = (email: string) => personName(config, email);

  app.get<{ Params: { file: string }; Querystring: { token?: string } }>('/api/schedules/:file', async (request, reply) => {
    const id = request.params.file.replace(/\.ics$/, '');
    const rotation = config.rotations.find((r) => r.id === id);
    if (!rotation || !tokens.verify(`rotation:${id}`, request.query.token ?? '')) {
      throw new HttpError(404, 'not_found', 'No such calendar (the link may be wrong or out of date)');
    }
    return sendCalendar(reply, rotationFeed(rotation, await activeOverrides(store, now()), now(), nameOf));
  });

  app.get<{ Params: { email: string }; Querystring: { token?: string } }>(
    '/api/people/:email/shifts.ics',
    async (request, reply) => {
      const email = request.params.email.toLowerCase();
      if (!config.people.some((p) => p.email === email) || !tokens.verify(`person:${email}`, request.query.token ?? '')) {
        throw new HttpError(404, 'not_found', 'No such calendar (the link may be wrong or out of date)');
      }
      return sendCalendar(reply, personFeed(email, config.rotations, await activeOverrides(store, now()), now()));
    },
  );
}
