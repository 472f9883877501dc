import { randomUUID } from 'node:crypto';
import type { IncidentDetails } from '../../shared/api.js';
import type { Actor, EventBody, Severity } from '../../shared/timeline.js';
import type { IncidentStore } from '../store/store.js';

/**
 * Six weeks of made-up history for the demo team, so the Insights screen has something to say on first
 * start: a checkout alert that is nearly always real, a canary alert that nearly never is, a disk alert
 * in between, some pages at night, and two incidents people declared because nothing paged. Every one is
 * titled "[demo] …" and comes from source "demo". Deterministic: the same seed, the same history.
 */

const DAY = 24 * 3600_000;
const MIN = 60_000;
const ALERTMANAGER: Actor = { kind: 'system', name: 'Alertmanager' };
const ONPOINT: Actor = { kind: 'system', name: 'onpoint' };

interface DemoRule {
  alertname: string;
  service: string;
  title: string;
  severity: Severity;
  playbook: string | null;
  count: number;
  /** Chance a person answers "actionable". */
  actionable: number;
  /** Chance it resolves itself before anyone acknowledges. */
  selfResolves: number;
  fixes: string[];
}

const RULES: DemoRule[] = [
  {
    alertname: 'CheckoutHighErrorRate',
    service: 'checkout',
    title: 'Checkout API 5xx rate above 5% for 5m',
    severity: 'critical',
    playbook: 'checkout-high-error-rate',
    count: 9,
    actionable: 0.9,
    selfResolves: 0,
    fixes: ['Rolled back the release', 'Failed over to the backup payment provider', 'Restarted the stuck payment worker'],
  },
  {
    alertname: 'CanaryLatencyHigh',
    service: 'canary',
    title: 'Canary p99 latency above 800 ms',
    severity: 'warning',
    playbook: null,
    count: 12,
    actionable: 0.1,
    selfResolves: 0.6,
    fixes: ['Nothing to do: it recovered', 'Canary host was being patched'],
  },
  {
    alertname: 'NodeDiskFull',
    service: 'storage',
    title: 'Disk on db-2 will fill within 4 hours',
    severity: 'warning',
    playbook: 'node-disk-full',
    count: 6,
    actionable: 0.5,
    selfResolves: 0.2,
    fixes: ['Rotated the WAL archive', 'Deleted old backups', 'Grew the volume by 100 GB'],
  },
];

const DECLARED = ['Customers report double charges', 'Order confirmation emails not sent'];

/** mulberry32: a small seeded generator, so the demo looks the same on every machine. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Store writes with a clock the seeder sets to each event's time, so nothing looks late. */
export interface ClockedStore {
  store: IncidentStore;
  setClock: (at: Date) => void;
}

/** The rotation the made-up pages come through; its two members take weekly turns as primary. */
export interface DemoRotation {
  id: string;
  name: string;
  members: [string, string];
}

export async function seedDemoHistory({ store, setClock }: ClockedStore, now: Date, rotation: DemoRotation) {
  const rand = random(20261123);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];
  const person = (email: string): Actor => ({
    kind: 'person',
    email,
    name: email.split('@')[0].replace(/^./, (c) => c.toUpperCase()),
  });

  async function record(
    incident: { id: string; title: string; severity: Severity; playbook: string | null; details: IncidentDetails },
    events: [number, Actor, EventBody][],
  ) {
    const [start] = events[0];
    setClock(new Date(start));
    await store.openIncident(
      { ...incident, dedupKey: `demo:${incident.id}`, pagingClass: 'always', createdAt: new Date(start).toISOString() },
      [],
      null,
    );
    for (const [at, actor, body] of events) {
      setClock(new Date(at));
      await store.appendEvents([
        { id: randomUUID(), incidentId: incident.id, actor, occurredAt: new Date(at).toISOString(), ...body },
      ]);
    }
  }

  const plans = RULES.flatMap((rule) => Array.from({ length: rule.count }, () => rule));
  for (const [i, rule] of plans.entries()) {
    // Spread over six weeks up to yesterday; about one in four at night.
    const daysBack = 1 + Math.floor(rand() * 41);
    const day = now.getTime() - daysBack * DAY;
    const hour = rand() < 0.25 ? 2 + Math.floor(rand() * 3) : 9 + Math.floor(rand() * 9);
    const start = Math.floor(day / DAY) * DAY + hour * 3600_000 + Math.floor(rand() * 60) * MIN;
    const id = randomUUID();
    const details: IncidentDetails = {
      source: 'demo',
      summary: rule.title,
      alerts: [
        {
          fingerprint: `demo${i}`,
          status: 'firing',
          labels: { alertname: rule.alertname, service: rule.service, severity: rule.severity },
          startsAt: new Date(start).toISOString(),
        },
      ],
      truncatedAlerts: 0,
    };
    // Turns counted back from today, not by the calendar: who had the night pages must not depend on
    // the weekday the demo starts on.
    const onCall = rotation.members[Math.floor(daysBack / 7) % 2];
    const primary = person(onCall);
    const events: [number, Actor, EventBody][] = [
      [
        start,
        ALERTMANAGER,
        { type: 'triggered', source: 'alertmanager', title: rule.title, severity: rule.severity, pagingClass: 'always' },
      ],
      [
        start + 1000,
        ONPOINT,
        {
          type: 'escalated',
          step: 0,
          level: 1,
          reason: 'triggered',
          targets: [onCall],
          label: `${rotation.name} primary`,
          rotations: { [onCall]: rotation.id },
        },
      ],
      [start + 2000, ONPOINT, { type: 'paged', person: onCall, deviceId: 'demo', deviceName: 'Demo phone' }],
    ];
    if (rand() < rule.selfResolves) {
      events.push([start + (3 + Math.floor(rand() * 8)) * MIN, ALERTMANAGER, { type: 'resolve' }]);
    } else {
      const ackAt = start + (1 + Math.floor(rand() * 9)) * MIN;
      const resolveAt = ackAt + (10 + Math.floor(rand() * 80)) * MIN;
      events.push([ackAt, primary, { type: 'ack', via: 'notification' } as EventBody]);
      events.push([ackAt + 2 * MIN, primary, { type: 'note', text: 'Looking at the dashboards' }]);
      events.push([resolveAt, primary, { type: 'resolve', note: pick(rule.fixes) }]);
      // The last few are left for the demo person to review.
      if (i < plans.length - 3)
        events.push([resolveAt + 5 * MIN, primary, { type: 'actionable', value: rand() < rule.actionable }]);
    }
    await record({ id, title: `[demo] ${rule.title}`, severity: rule.severity, playbook: rule.playbook, details }, events);
  }

  for (const [i, title] of DECLARED.entries()) {
    const start = now.getTime() - (5 + i * 13) * DAY + 14 * 3600_000;
    const declarer = person(rotation.members[1]);
    await record(
      {
        id: randomUUID(),
        title: `[demo] ${title}`,
        severity: 'critical',
        playbook: null,
        details: { source: 'manual', summary: title, alerts: [], truncatedAlerts: 0 },
      },
      [
        [start, declarer, { type: 'triggered', source: 'declared', title, severity: 'critical', pagingClass: 'never' }],
        [start + 1000, declarer, { type: 'ack' }],
        [start + 95 * MIN, declarer, { type: 'resolve', note: 'Fixed by hand; an alert for it is on the backlog' }],
        [start + 100 * MIN, declarer, { type: 'actionable', value: true }],
      ],
    );
  }
}
