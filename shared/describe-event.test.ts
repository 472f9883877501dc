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

describe('how the timeline tells a device clock that was off', () => {
  const alice = { kind: 'person', email: 'alice', name: 'Alice' } as const;
  it('says how far behind or ahead it was, after what was done', () => {
    const ack = { ...event({ type: 'ack' }), actor: alice, via: 'notification' as const };
    expect(describeIt({ ...ack, deviceTime: '2026-11-22T17:45:00.000Z' })).toBe(
      'Alice acknowledged from notification (device clock was 3 h behind)',
    );
    expect(describeIt({ ...ack, via: 'app', deviceTime: '9999-12-31T23:59:59.000Z' })).toMatch(
      /^Alice acknowledged \(device clock was \d+ years ahead\)$/,
    );
  });

  it('says nothing of the clock for an event stored without a device time', () => {
    expect(describeIt({ ...event({ type: 'ack' }), actor: alice })).toBe('Alice acknowledged');
  });
});

describe('how the timeline names people', () => {
  it('names someone the team no longer knows by the name their action carries, not their email', () => {
    const note: TimelineEvent = {
      ...event({ type: 'note', text: 'rolling back' }),
      actor: { kind: 'person', email: 'dana@example.com', name: 'Dana' },
    };
    expect(describeIt(note)).toBe('Dana: rolling back');
  });
});

describe('how the timeline tells a snooze and a reopen', () => {
  const people = { alice: 'Alice', carol: 'Carol' } as Record<string, string>;
  const tell = (e: TimelineEvent) =>
    describeTimelineEvent(e, { nameOf: (email) => people[email] ?? email, time: (iso) => iso.slice(11, 16) });
  const by = (body: EventBody, email: string) => ({ ...event(body), actor: { kind: 'person', email, name: email } as const });

  it('says who snoozed until when, and whom its end pages', () => {
    expect(tell(by({ type: 'snooze', until: '2026-11-22T04:15:00Z' }, 'alice'))).toBe('Alice snoozed until 04:15');
    expect(tell(event({ type: 'snooze_ended', person: 'alice' }))).toBe('snooze ended — paging Alice again');
  });

  it('says who reopened it', () => {
    expect(tell(by({ type: 'reopen' }, 'carol'))).toBe('Carol reopened the incident');
  });
});
