import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import { newToken } from './sessions/secrets.js';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { createSessions } from './sessions/sessions.js';
import type { Clock } from './clock.js';
import { personName, type Config } from './config/load.js';
import { registerCompression } from './http/compression.js';
import { installErrorHandler } from './http/errors.js';
import { forPeople } from './http/person-scope.js';
import { fastifyTrustProxy, type TrustedProxies } from './http/trust-proxy.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { isAppRoute, serveClient } from './http/static-client.js';
import { DEFAULT_TIMEOUTS, serverTimeoutOptions, type Timeouts } from './http/timeouts.js';
import { createEscalator } from './escalation/escalator.js';
import { createActions } from './incidents/actions.js';
import { createDeclare } from './incidents/declare.js';
import { createHandoffs } from './handoff/handoffs.js';
import { handoffRoutes } from './handoff/handoff-routes.js';
import { beatRoutes, heartbeatRoutes } from './heartbeats/heartbeat-routes.js';
import { createHeartbeats } from './heartbeats/heartbeats.js';
import { createInsightsService } from './insights/insights-service.js';
import { createTimeline } from './incidents/timeline.js';
import { createIngest } from './integrations/ingest.js';
import { createLiveBus, type LiveBus } from './live/bus.js';
import { DEFAULT_STREAM_LIMITS } from './live/stream-limits.js';
import { createMetrics, type WebhookOutcome } from './metrics/metrics.js';
import { metricsRoutes } from './metrics/metrics-routes.js';
import { BUILD_VERSION } from './metrics/build-version.js';
import type { TimelineEvent } from '../shared/timeline.js';
import { createDeliveryReceipts } from './paging/delivery-receipts.js';
import { createPager } from './paging/pager.js';
import type { PlaybookLibrary } from './playbooks/library.js';
import { createPushAllowList } from './push/allow-list.js';
import { createReceiptTokens } from './push/receipt-token.js';
import { createPushSender } from './push/sender.js';
import { createPushQueue, type PushQueueLimits } from './paging/push-queue.js';
import { loadOrCreateVapidKeys } from './push/vapid.js';
import { deviceRoutes, pushWorkerRoutes } from './devices/device-routes.js';
import { eventStreamRoutes } from './live/event-stream.js';
import { incidentRoutes } from './incidents/incident-routes.js';
import { insightsRoutes } from './insights/insights-routes.js';
import { integrationRoutes } from './integrations/integration-routes.js';
import { calendarFeedRoutes, calendarLinkRoutes } from './schedule/calendar-routes.js';
import { scheduleRoutes } from './schedule/schedule-routes.js';
import { createFeedTokens } from './schedule/calendar.js';
import { playbookRoutes } from './playbooks/playbook-routes.js';
import { loginRoutes, sessionRoutes, teamRoutes } from './sessions/session-routes.js';
import type { Store } from './store/store.js';

export interface AppOptions {
  config: Config;
  store: Store;
  playbooks: PlaybookLibrary;
  /** Extra push-service hosts (host:port) beyond the known ones. */
  pushAllowHosts: string[];
  /** The push queue's bounds and retry timing (tests shorten the retries). */
  pushLimits?: Partial<PushQueueLimits>;
  /** How long a page is worth sending (default an hour); then it expires undelivered. */
  pageTtlSeconds?: number;
  /** Behind a reverse proxy: believe the X-Forwarded-* headers (client address, https) of these hops. */
  trustProxy?: TrustedProxies;
  /** The built PWA; without it only the API is served. */
  clientDir?: string;
  logger?: FastifyServerOptions['logger'];
  /** The one clock: the store was opened with it too. Tests set it. */
  now: Clock;
  /** Where integration tokens named by the config are read (`token: { env: … }`); the process's environment by default. */
  env?: NodeJS.ProcessEnv;
  /** Certificate authorities to trust for push services besides the system's (a test's push-service double). */
  pushCa?: string;
  /** How often due escalations and missed heartbeats are looked for. */
  escalationTickMs?: number;
  /** How committed events reach the live streams; this process's own by default (one process, SQLite). */
  bus?: LiveBus;
  /** How many live streams this process holds open at most (10 per login session whatever this says). */
  maxLiveStreams?: number;
  /** Bearer token Prometheus must send for /metrics; without one, only this machine may scrape. */
  metricsToken?: string;
  /** How long a client may take to send a request (tests shorten them). */
  timeouts?: Partial<Timeouts>;
}

const HEALTH_TIMEOUT_MS = 3_000;
/** Handoffs are on the minute; a check a minute is on time. */
const HANDOFF_CHECK_MS = 60_000;

export async function createApp(options: AppOptions) {
  const { config, store, playbooks, now } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
    bodyLimit: 1024 * 1024,
    ...serverTimeoutOptions({ ...DEFAULT_TIMEOUTS, ...options.timeouts }),
  });
  // First, so their hooks cover every answer: routes, the app's files and the not-found handler.
  await registerSecurityHeaders(app);
  await registerCompression(app);
  await app.register(fastifyCookie);
  // Only routes that ask for it (login) are limited.
  await app.register(fastifyRateLimit, { global: false });
  installErrorHandler(app, {
    appRoute: options.clientDir ? isAppRoute : undefined,
    storeUnavailable: (err) => store.isUnavailable(err),
  });
  if (options.clientDir) await serveClient(app, options.clientDir);

  const vapid = await loadOrCreateVapidKeys(store);
  const receipts = createReceiptTokens(Buffer.from(await store.initSetting('receipt-key', newToken()), 'base64url'));
  const allowList = createPushAllowList(options.pushAllowHosts);
  const bus = options.bus ?? createLiveBus();
  const metrics = createMetrics({
    store,
    bus,
    now,
    version: BUILD_VERSION,
    heartbeats: config.integrations.filter((i) => i.type === 'heartbeat').map((i) => i.id),
  });
  /** The first page of an incident, if `ack` is the acknowledgement that took it. */
  const firstPagedAt = async (ack: TimelineEvent) => {
    const events = await store.listEvents(ack.incidentId);
    if (events.find((e) => e.type === 'ack')?.id !== ack.id) return null;
    return events.find((e) => e.type === 'escalated')?.occurredAt ?? null;
  };
  const timeline = createTimeline(store, bus, { onCommitted: (event) => metrics.observe(event, () => firstPagedAt(event)) });
  const sessions = createSessions(store, config.people, now);
  const send = createPushSender({ vapid, subject: config.contact, allowList, now, ca: options.pushCa });
  const queue = createPushQueue({
    store,
    timeline,
    send,
    receipts,
    now,
    log: app.log,
    onOutcome: (outcome) => metrics.pushOutcome(outcome),
    limits: options.pushLimits,
  });
  const pager = createPager({
    store,
    timeline,
    send,
    receipts,
    now,
    handOff: queue,
    ttlSeconds: options.pageTtlSeconds,
    nameOf: (email) => personName(config, email),
  });
  const escalator = createEscalator({ store, timeline, pager, config, now, log: app.log, handOff: queue });
  const background = (what: string, work: Promise<unknown>) => work.catch((err) => app.log.error({ err }, what));
  // Escalate actions and raised classes commit their escalation timers themselves; this only saves waiting for the next tick.
  const escalateNow = () => void escalator.tick();
  const ingest = createIngest({
    store,
    timeline,
    playbooks,
    now,
    firstStep: escalator.firstStep,
    handOff: queue,
    onPagingDue: escalateNow,
  });
  const heartbeats = createHeartbeats({ store, ingest, config, now, log: app.log });
  await heartbeats.sync();
  const tellPoint = async (incidentId: string, to: string, fromName: string) => {
    const incident = await store.getIncident(incidentId);
    if (incident) await pager.tellPoint(incident, to, fromName);
  };
  const recordAction = createActions({
    store,
    timeline,
    people: config.people,
    now,
    onRecorded: (event) => {
      // Both commit a timer due now: the next level, or a reopened incident's first.
      if (event.type === 'escalate' || event.type === 'reopen') escalateNow();
      if (event.type === 'handoff')
        void background('telling the new point person failed', tellPoint(event.incidentId, event.to, event.actor.name));
    },
  });
  escalator.startLoop(options.escalationTickMs ?? 1000);
  heartbeats.startLoop(options.escalationTickMs ?? 1000);
  queue.startLoop();
  app.addHook('onClose', async () => {
    escalator.stopLoop();
    heartbeats.stopLoop();
    // A push a service took is written down before the store closes, so a clean stop sends nothing twice.
    await queue.stop();
  });

  // For a load balancer: a process that cannot reach its database says so, and is healthy again when it can.
  app.get('/healthz', async (_request, reply) => {
    try {
      await Promise.race([
        store.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), HEALTH_TIMEOUT_MS).unref()),
      ]);
      return { ok: true, store: 'reachable' };
    } catch (err) {
      // Anyone may ask: the driver's own words (hosts, users, versions) stay in the log.
      app.log.error({ err }, 'health check: the store cannot be reached');
      return reply.status(503).send({
        ok: false,
        store: 'unreachable',
        error: { code: 'store_unavailable', message: 'store unreachable' },
      });
    }
  });
  const feedTokens = createFeedTokens(Buffer.from(await store.initSetting('calendar-key', newToken()), 'base64url'));
  const insights = createInsightsService({ store, config, now });
  const declare = createDeclare({
    timeline,
    people: config.people,
    tellPoint: (i, to, from) => pager.tellPoint(i, to, from),
    now,
  });
  const handoffs = createHandoffs({ store, config, pager, now, log: app.log });
  handoffs.startLoop(HANDOFF_CHECK_MS);
  app.addHook('onClose', async () => handoffs.stopLoop());

  // Public, each with its own credential: a password, a bearer token, a signed token, or none needed.
  await app.register(metricsRoutes, { metrics, token: options.metricsToken });
  await app.register(loginRoutes, { sessions });
  await app.register(integrationRoutes, {
    integrations: config.integrations,
    severities: config.severities,
    ingest,
    countWebhook: (integration: string, outcome: WebhookOutcome) => metrics.webhook(integration, outcome),
    env: options.env,
  });
  await app.register(beatRoutes, { heartbeats, env: options.env });
  await app.register(calendarFeedRoutes, { config, store, tokens: feedTokens, now });
  await app.register(pushWorkerRoutes, {
    confirmDelivery: createDeliveryReceipts({ store, timeline, receipts, now }),
    vapidPublicKey: vapid.publicKey,
  });
  // Everything else is for a logged-in person.
  await forPeople(app, sessions, async (scope) => {
    await scope.register(teamRoutes, { config, store });
    await scope.register(scheduleRoutes, { config, store, now });
    await scope.register(calendarLinkRoutes, { config, store, tokens: feedTokens });
    await scope.register(sessionRoutes, { sessions });
    await scope.register(deviceRoutes, { store, allowList, pager, now });
    await scope.register(incidentRoutes, { store, playbooks, recordAction, declare, insights });
    await scope.register(insightsRoutes, { insights, now });
    await scope.register(handoffRoutes, { handoffs, insights });
    await scope.register(eventStreamRoutes, {
      store,
      bus,
      limits: { ...DEFAULT_STREAM_LIMITS, ...(options.maxLiveStreams && { overall: options.maxLiveStreams }) },
    });
    await scope.register(playbookRoutes, { playbooks });
    await scope.register(heartbeatRoutes, { heartbeats });
  });
  /** The background loops' work, run now: a test that moves the clock need not wait for their next turn. */
  const dueWork = {
    escalations: escalator.tick,
    heartbeats: heartbeats.tick,
    handoffs: handoffs.announceDue,
    pushes: queue.drain,
  };
  // A plugin that fails to load fails here, before anyone listens.
  await app.ready();
  return { app, dueWork };
}
