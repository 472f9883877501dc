import { describe, expect, it } from 'vitest';
import { describeTimelineEvent } from './describe-event.js';
import type { EventBody, TimelineEvent } from './timeline.js';

const event = (body: EventBody, actorName = 'onpoint'): TimelineEvent => ({
  id: 'e1',
  seq: 1,
  incidentId: 'inc-1',
  actor: { kind: 'system', name: actorName },
  occurredAt: '2026-11-22T20:45:00Z',
  recordedAt: '2026-11-22T20:45:00Z',
  ...body,
});
const describeIt = (e: TimelineEvent) => describeTimelineEvent(e, { nameOf: (email) => email, time: (iso) => iso });

describe('how the timeline tells classification', () => {
  const triggered = {
    type: 'triggered',
    source: 'alertmanager',
    title: 'T',
    severity: 'critical',
    pagingClass: 'always',
  } as const;

  it('says why an alert pages when the fail-safe decided', () => {
    expect(describeIt(event(triggered, 'Alertmanager'))).toBe('Alertmanager opened the incident (critical, pages: always)');
    expect(
      describeIt(
        event({ ...triggered, pagingReason: 'no severity label: paged to be safe — map it in the config' }, 'Alertmanager'),
      ),
    ).toBe(
      'Alertmanager opened the incident (critical, pages: always) — no severity label: paged to be safe — map it in the config',
    );
  });

  it('says the class went up, and why', () => {
    expect(
      describeIt(
        event({
          type: 'reclassified',
          severity: 'critical',
          pagingClass: 'always',
          reason: 'critical alert CheckoutLatency joined: paging',
        }),
      ),
    ).toBe('onpoint: now pages always — critical alert CheckoutLatency joined: paging');
  });
});
