import type { FastifyInstance } from 'fastify';
import { LIVE_HEARTBEAT_EVENT, LIVE_HEARTBEAT_MS } from '../../shared/live-stream.js';
import type { TimelineEvent } from '../../shared/timeline.js';
import { SESSION_COOKIE } from '../sessions/sessions.js';
import type { LiveBus } from './bus.js';
import { createStreamCounter, DEFAULT_STREAM_LIMITS, type StreamLimits } from './stream-limits.js';
import type { IncidentStore } from '../store/store.js';

const BACKLOG_LIMIT = 5000;

/**
 * `GET /api/events`: every timeline event as it is committed, as Server-Sent Events whose id is the
 * event's seq, so a reconnecting client (Last-Event-ID) gets exactly what it missed.
 */
export async function eventStreamRoutes(
  app: FastifyInstance,
  { store, bus, limits = DEFAULT_STREAM_LIMITS }: { store: IncidentStore; bus: LiveBus; limits?: StreamLimits },
) {
  const streams = createStreamCounter(limits);
  app.get<{ Querystring: { lastEventId?: string } }>('/api/events', async (request, reply) => {
    const resumeFrom = Number(request.headers['last-event-id'] ?? request.query.lastEventId ?? NaN);
    // The person scope let it in, so the cookie names a live session.
    const release = streams.open(request.cookies[SESSION_COOKIE]!);

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n\n');

    let lastSent = 0;
    const send = (event: TimelineEvent) => {
      if (event.seq <= lastSent) return;
      lastSent = event.seq;
      res.write(`id: ${event.seq}\nevent: timeline\ndata: ${JSON.stringify(event)}\n\n`);
    };

    // Subscribe before reading the backlog and hold live events until it is sent, so none falls between.
    let pending: TimelineEvent[] | null = [];
    const unsubscribe = bus.subscribe((event) => (pending ? pending.push(event) : send(event)));
    // An event, not a comment, so the app can tell a quiet stream from a dead one (client/live.ts).
    const heartbeat = setInterval(() => res.write(`event: ${LIVE_HEARTBEAT_EVENT}\ndata: {}\n\n`), LIVE_HEARTBEAT_MS);
    const closed = () => {
      release();
      clearInterval(heartbeat);
      unsubscribe();
    };
    request.raw.on('close', closed);
    // A client gone before the stream began (while its session was checked) frees its slot all the same.
    if (request.raw.destroyed) closed();

    if (Number.isInteger(resumeFrom) && resumeFrom >= 0) {
      lastSent = resumeFrom;
      // Past the bus's high water an event may still have an earlier one committing: the bus sends those, in order.
      const upTo = bus.highWater();
      for (const event of await store.eventsAfter(resumeFrom, BACKLOG_LIMIT)) if (event.seq <= upTo) send(event);
    }
    const held = pending;
    pending = null;
    for (const event of held) send(event);
    res.write(': ready\n\n');
  });
}
