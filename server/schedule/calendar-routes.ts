import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CalendarLinks } from '../../shared/api.js';
import { personName, type Config } from '../config/load.js';
import { HttpError } from '../http/errors.js';
import { personOf } from '../http/person-scope.js';
import { personFeed, personFeedName, rotationFeed, rotationFeedName, type FeedTokens } from './calendar.js';
import { activeOverrides } from './overrides.js';
import type { ScheduleStore } from '../store/store.js';

interface Deps {
  config: Config;
  store: ScheduleStore;
  tokens: FeedTokens;
  now: () => Date;
}

const sendCalendar = (reply: FastifyReply, body: string) =>
  reply.header('Content-Type', 'text/calendar; charset=utf-8').header('Cache-Control', 'private, max-age=900').send(body);

const notFound = () => new HttpError(404, 'not_found', 'No such calendar (the link may be wrong, out of date or reset)');

/**
 * The private calendar URLs of the person asking, for themselves and every rotation. Every link is given
 * to one person and signed with their generation: resetting theirs retires them all.
 */
export async function calendarLinkRoutes(
  app: FastifyInstance,
  { config, store, tokens }: Pick<Deps, 'config' | 'store' | 'tokens'>,
) {
  async function linksFor(email: string): Promise<CalendarLinks> {
    const generation = await store.getCalendarGeneration(email);
    const person = encodeURIComponent(email);
    return {
      mine: `/api/people/${person}/shifts.ics?token=${tokens.sign(personFeedName(email, generation))}`,
      rotations: config.rotations.map((r) => ({
        id: r.id,
        name: r.name,
        url: `/api/schedules/${r.id}.ics?for=${person}&token=${tokens.sign(rotationFeedName(r.id, email, generation))}`,
      })),
    };
  }

  app.get('/api/calendars', async (request) => linksFor(personOf(request).email));

  app.post('/api/calendars/reset', async (request) => {
    const { email } = personOf(request);
    await store.advanceCalendarGeneration(email);
    return linksFor(email);
  });
}

/**
 * Calendar feeds (RFC 5545) per rotation and per person. A calendar app cannot log in: the signed token
 * in the URL is the credential, so these are public routes.
 */
export async function calendarFeedRoutes(app: FastifyInstance, { config, store, tokens, now }: Deps) {
  const nameOf = (email: string) => personName(config, email);
  const isPerson = (email: string) => config.people.some((p) => p.email === email);

  app.get<{ Params: { file: string }; Querystring: { for?: string; token?: string } }>(
    '/api/schedules/:file',
    async (request, reply) => {
      const id = request.params.file.replace(/\.ics$/, '');
      const rotation = config.rotations.find((r) => r.id === id);
      const email = request.query.for?.toLowerCase() ?? '';
      if (!rotation || !isPerson(email)) throw notFound();
      const generation = await store.getCalendarGeneration(email);
      if (!tokens.verify(rotationFeedName(id, email, generation), request.query.token ?? '')) throw notFound();
      return sendCalendar(reply, rotationFeed(rotation, await activeOverrides(store, now()), now(), nameOf));
    },
  );

  app.get<{ Params: { email: string }; Querystring: { token?: string } }>(
    '/api/people/:email/shifts.ics',
    async (request, reply) => {
      const email = request.params.email.toLowerCase();
      if (!isPerson(email)) throw notFound();
      const generation = await store.getCalendarGeneration(email);
      if (!tokens.verify(personFeedName(email, generation), request.query.token ?? '')) throw notFound();
      return sendCalendar(reply, personFeed(email, config.rotations, await activeOverrides(store, now()), now()));
    },
  );
}
