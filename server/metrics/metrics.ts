import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IngestResult } from '../../shared/api.js';
import type { TimelineEvent } from '../../shared/timeline.js';
import type { Clock } from '../clock.js';
import type { LiveBus } from '../live/bus.js';
import type { PushQueueOutcome } from '../paging/push-queue.js';
import type { HeartbeatStore, IncidentStore, PushQueueStore } from '../store/store.js';

export type WebhookOutcome = IngestResult['outcome'] | 'unauthorized' | 'invalid';

/** Push failures in a few kinds, not free text: a label per message would grow without end. */
export function failureKind(reason: string): string {
  if (/not on a known push service/.test(reason)) return 'not_allowed';
  if (/subscription is gone/.test(reason)) return 'gone';
  if (/answered 429/.test(reason)) return 'rate_limited';
  if (/answered 5\d\d/.test(reason)) return 'push_service_error';
  if (/could not reach/.test(reason)) return 'unreachable';
  if (/^expired undelivered/.test(reason)) return 'expired';
  if (/message too large/.test(reason)) return 'too_large';
  if (/device was removed/.test(reason)) return 'device_removed';
  return 'other';
}

/**
 * onpoint's own health for Prometheus. Counters count what this process did (sum them over processes);
 * gauges that read the store say the same on every process.
 */
export function createMetrics({
  store,
  bus,
  now,
  heartbeats = [],
  version,
}: {
  store: IncidentStore & PushQueueStore & HeartbeatStore;
  bus: LiveBus;
  now: Clock;
  /** The configured heartbeats' ids. */
  heartbeats?: string[];
  /** onpoint's version, from package.json. */
  version: string;
}) {
  const registry = new Registry();
  // Node's own under the names every dashboard knows: process_cpu_seconds_total, nodejs_heap_size_used_bytes, …
  collectDefaultMetrics({ register: registry });
  // Gauges named like counters, which promtool refuses; the same numbers by type stay (nodejs_active_handles{type}).
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
    registry.removeSingleMetric(name);
  }
  new Gauge({
    name: 'onpoint_build_info',
    help: 'Always 1; the running version is in its label',
    labelNames: ['version'],
    registers: [registry],
  }).set({ version }, 1);
  const webhooks = new Counter({
    name: 'onpoint_webhooks_total',
    help: 'Webhooks received from alert sources, by integration id and outcome (opened, updated, resolved, duplicate, unauthorized, invalid)',
    labelNames: ['integration', 'outcome'],
    registers: [registry],
  });
  const pages = new Counter({
    name: 'onpoint_pages_sent_total',
    help: 'Pushes handed to a push service, by kind (page, quiet notice, "you have point")',
    labelNames: ['kind'],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'onpoint_push_failures_total',
    help: 'Pushes that did not reach a push service, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const escalations = new Counter({
    name: 'onpoint_escalations_total',
    help: 'Escalation levels paged, by why (triggered, timeout, request, working_hours, unconfirmed: no device confirmed the level before)',
    labelNames: ['reason'],
    registers: [registry],
  });
  const ackLatency = new Histogram({
    name: 'onpoint_ack_latency_seconds',
    help: 'From the first page of an incident to its first acknowledgement',
    buckets: [15, 30, 60, 120, 300, 600, 900, 1800, 3600],
    registers: [registry],
  });
  const pushes = new Counter({
    name: 'onpoint_pushes_total',
    help: 'Tries to send a queued push, by outcome (sent, retry, too_large, gone, failed, expired, cancelled)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const expired = new Counter({
    name: 'onpoint_pages_expired_total',
    help: 'Pushes that no push service took before they expired: nobody got them',
    registers: [registry],
  });
  new Gauge({
    name: 'onpoint_pushes_pending',
    help: 'Pushes queued and not yet taken by a push service (waiting, being sent or retrying)',
    registers: [registry],
    async collect() {
      this.set((await store.pendingPushes()).count);
    },
  });
  new Gauge({
    name: 'onpoint_oldest_pending_push_age_seconds',
    help: 'How long the oldest pending push has waited; 0 when none waits. Pages stuck behind an outage show here',
    registers: [registry],
    async collect() {
      const { oldestCreatedAt } = await store.pendingPushes();
      this.set(oldestCreatedAt ? Math.max(0, now().getTime() - Date.parse(oldestCreatedAt)) / 1000 : 0);
    },
  });
  new Gauge({
    name: 'onpoint_open_incidents',
    help: 'Incidents not resolved yet',
    registers: [registry],
    async collect() {
      this.set(await store.countOpenIncidents());
    },
  });
  new Gauge({
    name: 'onpoint_heartbeat_last_beat_timestamp_seconds',
    help: 'When each heartbeat last beat, as a Unix time; absent until its first beat',
    labelNames: ['heartbeat'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { id, lastBeatAt } of await store.listHeartbeats()) {
        if (lastBeatAt && heartbeats.includes(id)) this.set({ heartbeat: id }, Date.parse(lastBeatAt) / 1000);
      }
    },
  });
  new Gauge({
    name: 'onpoint_sse_clients',
    help: 'Live timeline streams connected to this process',
    registers: [registry],
    collect() {
      this.set(bus.subscriberCount());
    },
  });

  return {
    registry,
    /** Told of each webhook an alert source sent; `integration` is "unknown" when its token matched none. */
    webhook(integration: string, outcome: WebhookOutcome) {
      webhooks.inc({ integration, outcome });
    },
    /** Told of each try of the push queue. */
    pushOutcome(outcome: PushQueueOutcome) {
      pushes.inc({ outcome });
      if (outcome === 'expired') expired.inc();
    },
    /**
     * Told of each event this process committed. An acknowledgement that took point (`firstAck`) is
     * measured from when the incident was first paged.
     */
    observe(event: TimelineEvent, firstPagedAt: () => Promise<string | null>) {
      if (event.type === 'paged') pages.inc({ kind: event.notice ?? 'page' });
      if (event.type === 'push_failed') failures.inc({ reason: failureKind(event.reason) });
      if (event.type === 'escalated') escalations.inc({ reason: event.reason });
      if (event.type === 'ack') {
        void firstPagedAt()
          .then((pagedAt) => {
            if (pagedAt) ackLatency.observe(Math.max(0, Date.parse(event.occurredAt) - Date.parse(pagedAt)) / 1000);
          })
          .catch(() => undefined);
      }
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
