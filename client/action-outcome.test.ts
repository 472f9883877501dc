import { describe, expect, it } from 'vitest';
import type { Actor, EventBody, TimelineEvent } from '../shared/timeline.js';
import { actionOutcome, handoffToMe } from './action-outcome.js';

const alice: Actor = { kind: 'person', email: 'alice@example.com', name: 'Alice' };
const carol: Actor = { kind: 'person', email: 'carol@example.com', name: 'Carol' };
const pager: Actor = { kind: 'system', name: 'onpoint' };
const BOB = 'bob@example.com';

/** A timeline in the order given, each event a minute after the one before. */
function timeline(...events: [Actor, EventBody][]): TimelineEvent[] {
  return events.map(([actor, body], i) => {
    const at = `2026-11-29T03:${String(i + 10).padStart(2, '0')}:00.000Z`;
    return { id: `e${i}`, seq: i + 1, incidentId: 'i1', actor, occurredAt: at, recordedAt: at, ...body };
  });
}
const triggered: [Actor, EventBody] = [
  { kind: 'system', name: 'Alertmanager' },
  { type: 'triggered', source: 'am', title: 'Checkout down', severity: 'critical', pagingClass: 'always' },
];
const escalated = (targets: string[], reason: 'request' | 'timeout' = 'request'): [Actor, EventBody] => [
  pager,
  { type: 'escalated', step: 1, level: 2, reason, targets, label: 'Payments on-call secondary' },
];
/** `pushId`: the push the line is about; events from before receipts named their push have none. */
const paged = (person: string, deviceId: string, deviceName: string, notice?: 'point', pushId?: string): [Actor, EventBody] => [
  pager,
  { type: 'paged', person, deviceId, deviceName, ...(notice ? { notice } : {}), ...(pushId ? { pushId } : {}) },
];
const delivered = (person: string, deviceId: string, deviceName: string, pushId?: string): [Actor, EventBody] => [
  pager,
  { type: 'delivered', person, deviceId, deviceName, ...(pushId ? { pushId } : {}) },
];

describe('the outcome of Escalate', () => {
  it('waits for onpoint to choose the level, then shows who it pages and each device as it is sent and delivered', () => {
    const asked = timeline(triggered, [alice, { type: 'escalate' }]);
    expect(actionOutcome(asked, alice.email)).toMatchObject({ action: { type: 'escalate' }, paging: null });

    const sent = timeline(triggered, [alice, { type: 'escalate' }], escalated([BOB]), paged(BOB, 'd1', 'Pixel 8'));
    expect(actionOutcome(sent, alice.email)).toMatchObject({
      level: 'Payments on-call secondary',
      paging: [{ person: BOB, noDevice: false, devices: [{ name: 'Pixel 8', status: 'sent' }] }],
    });

    const receipt = [...sent, ...timeline(delivered(BOB, 'd1', 'Pixel 8')).map((e) => ({ ...e, id: 'r', seq: 99 }))];
    expect(actionOutcome(receipt, alice.email)?.paging).toEqual([
      { person: BOB, noDevice: false, devices: [{ deviceId: 'd1', name: 'Pixel 8', status: 'delivered' }] },
    ]);
  });

  it('counts a receipt recorded before the push service answered', () => {
    const events = timeline(
      triggered,
      [alice, { type: 'escalate' }],
      escalated([BOB]),
      delivered(BOB, 'd1', 'Pixel 8'),
      paged(BOB, 'd1', 'Pixel 8'),
    );
    expect(actionOutcome(events, alice.email)?.paging?.[0].devices).toEqual([
      { deviceId: 'd1', name: 'Pixel 8', status: 'delivered' },
    ]);
  });

  it('does not take a late receipt for an earlier page to the same phone as this page’s', () => {
    const again = timeline(
      triggered,
      escalated([BOB], 'timeout'),
      paged(BOB, 'd1', 'iPhone', undefined, 'p0'),
      [alice, { type: 'escalate' }],
      escalated([BOB]),
      paged(BOB, 'd1', 'iPhone', undefined, 'p1'),
      delivered(BOB, 'd1', 'iPhone', 'p0'),
    );
    expect(actionOutcome(again, alice.email)?.paging?.[0].devices).toEqual([{ deviceId: 'd1', name: 'iPhone', status: 'sent' }]);

    const confirmed = [...again, ...timeline(delivered(BOB, 'd1', 'iPhone', 'p1')).map((e) => ({ ...e, id: 'r', seq: 99 }))];
    expect(actionOutcome(confirmed, alice.email)?.paging?.[0].devices).toEqual([
      { deviceId: 'd1', name: 'iPhone', status: 'delivered' },
    ]);
  });

  it('counts its own page’s receipt recorded before the push service answered, by the push it names', () => {
    const events = timeline(
      triggered,
      [alice, { type: 'escalate' }],
      escalated([BOB]),
      delivered(BOB, 'd1', 'iPhone', 'p1'),
      paged(BOB, 'd1', 'iPhone', undefined, 'p1'),
    );
    expect(actionOutcome(events, alice.email)?.paging?.[0].devices).toEqual([
      { deviceId: 'd1', name: 'iPhone', status: 'delivered' },
    ]);
  });

  it('says who cannot be paged, and why a push failed', () => {
    const events = timeline(
      triggered,
      [alice, { type: 'escalate' }],
      escalated([BOB, carol.email]),
      [pager, { type: 'not_paged', reason: 'no device', person: BOB }],
      [
        pager,
        { type: 'push_failed', person: carol.email, deviceId: 'd2', deviceName: 'iPhone', reason: 'gone', deviceRemoved: true },
      ],
    );
    expect(actionOutcome(events, alice.email)?.paging).toEqual([
      { person: BOB, noDevice: true, devices: [] },
      { person: carol.email, noDevice: false, devices: [{ deviceId: 'd2', name: 'iPhone', status: 'failed', reason: 'gone' }] },
    ]);
  });

  it('counts pages of its own level only: a timeout paging the next level later is not this escalation', () => {
    const events = timeline(
      triggered,
      [alice, { type: 'escalate' }],
      escalated([BOB]),
      paged(BOB, 'd1', 'Pixel 8'),
      escalated([carol.email, BOB], 'timeout'),
      delivered(BOB, 'd1', 'Pixel 8'),
    );
    expect(actionOutcome(events, alice.email)?.paging).toEqual([
      { person: BOB, noDevice: false, devices: [{ deviceId: 'd1', name: 'Pixel 8', status: 'sent' }] },
    ]);
  });
});

describe('the outcome of Hand off', () => {
  it('follows the "you have point" notice to the new point person, not a page they got earlier', () => {
    const events = timeline(
      triggered,
      paged(BOB, 'd1', 'Pixel 8'),
      [alice, { type: 'ack' }],
      [alice, { type: 'handoff', to: BOB }],
      paged(BOB, 'd1', 'Pixel 8', 'point'),
    );
    expect(actionOutcome(events, alice.email)).toMatchObject({
      action: { type: 'handoff', to: BOB },
      paging: [{ person: BOB, devices: [{ name: 'Pixel 8', status: 'sent' }] }],
    });
  });

  it('tells the point notice’s receipt from a late one for a page the new point person got earlier', () => {
    const events = timeline(
      triggered,
      paged(BOB, 'd1', 'iPhone', undefined, 'p0'),
      [alice, { type: 'handoff', to: BOB }],
      paged(BOB, 'd1', 'iPhone', 'point', 'p1'),
      delivered(BOB, 'd1', 'iPhone', 'p0'),
    );
    expect(actionOutcome(events, alice.email)?.paging?.[0].devices).toEqual([{ deviceId: 'd1', name: 'iPhone', status: 'sent' }]);
  });

  it('shows the new point person with nothing sent yet until onpoint queues it', () => {
    const events = timeline(triggered, [alice, { type: 'handoff', to: BOB }]);
    expect(actionOutcome(events, alice.email)?.paging).toEqual([{ person: BOB, noDevice: false, devices: [] }]);
  });
});

describe('the outcome card', () => {
  it('is about this person’s last action: Acknowledge pages nobody, and other people’s actions do not count', () => {
    const events = timeline(
      triggered,
      [alice, { type: 'escalate' }],
      escalated([BOB]),
      [alice, { type: 'ack' }],
      [carol, { type: 'escalate' }],
    );
    expect(actionOutcome(events, alice.email)).toMatchObject({ action: { type: 'ack' }, paging: [] });
    expect(actionOutcome(timeline(triggered, [carol, { type: 'note', text: 'on it' }]), carol.email)).toBeNull();
  });
});

describe('the banner for the new point person', () => {
  it('names who handed them point while they have it, and goes once they hand it on', () => {
    const handed = timeline(triggered, [alice, { type: 'ack' }], [alice, { type: 'handoff', to: BOB }]);
    expect(handoffToMe(handed, BOB)).toMatchObject({ actor: alice, to: BOB, occurredAt: '2026-11-29T03:12:00.000Z' });
    expect(handoffToMe(handed, carol.email)).toBeNull();
    const bob: Actor = { kind: 'person', email: BOB, name: 'Bob' };
    expect(
      handoffToMe(
        timeline(
          ...([triggered, [alice, { type: 'handoff', to: BOB }], [bob, { type: 'handoff', to: carol.email }]] as [
            Actor,
            EventBody,
          ][]),
        ),
        BOB,
      ),
    ).toBeNull();
  });
});
