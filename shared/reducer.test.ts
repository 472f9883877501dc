import { describe, expect, it } from 'vitest';
import { foldIncident, mergeTimeline } from './reducer.js';
import type { Actor, EventBody, TimelineEvent } from './timeline.js';

const alice: Actor = { kind: 'person', email: 'alice@example.com', name: 'Alice' };
const bob: Actor = { kind: 'person', email: 'bob@example.com', name: 'Bob' };
const alertmanager: Actor = { kind: 'system', name: 'Alertmanager' };

let seq = 0;
function ev(body: EventBody, actor: Actor = alice, at = '2026-11-22T03:00:00Z'): TimelineEvent {
  seq += 1;
  return { id: `e${seq}`, seq, incidentId: 'i1', actor, occurredAt: at, recordedAt: at, ...body };
}
const triggered = () =>
  ev({ type: 'triggered', source: 'alertmanager', title: 'x', severity: 'critical', pagingClass: 'always' }, alertmanager);

describe('incident reducer', () => {
  it('starts triggered with nobody on point', () => {
    const state = foldIncident([triggered()]);
    expect(state.status).toBe('triggered');
    expect(state.point).toBeNull();
  });

  it('gives point to the first person who acknowledges, and keeps it there', () => {
    const state = foldIncident([triggered(), ev({ type: 'ack' }, alice, '2026-11-22T03:01:00Z'), ev({ type: 'ack' }, bob)]);
    expect(state.status).toBe('acknowledged');
    expect(state.point).toBe('alice@example.com');
    expect(state.acknowledgedAt).toBe('2026-11-22T03:01:00Z');
  });

  it('moves point only by an explicit handoff', () => {
    const state = foldIncident([triggered(), ev({ type: 'ack' }, alice), ev({ type: 'handoff', to: 'bob@example.com' }, alice)]);
    expect(state.point).toBe('bob@example.com');
  });

  it('records who resolved, and ignores an ack that comes after', () => {
    const state = foldIncident([triggered(), ev({ type: 'resolve' }, alertmanager), ev({ type: 'ack' }, bob)]);
    expect(state.status).toBe('resolved');
    expect(state.resolvedBy).toEqual(alertmanager);
    expect(state.point).toBeNull();
  });

  it('keeps the latest actionable answer, which can change', () => {
    const state = foldIncident([
      triggered(),
      ev({ type: 'resolve' }),
      ev({ type: 'actionable', value: true }),
      ev({ type: 'actionable', value: false }),
    ]);
    expect(state.actionable).toBe(false);
  });

  it('remembers everyone the incident paged or quietly told, each once', () => {
    const state = foldIncident([
      triggered(),
      ev(
        { type: 'escalated', step: 0, level: 1, reason: 'triggered', targets: ['alice@example.com'], label: 'L1' },
        alertmanager,
      ),
      ev({ type: 'paged', person: 'alice@example.com', deviceId: 'd1', deviceName: 'Pixel' }, alertmanager),
      ev({ type: 'paged', person: 'bob@example.com', deviceId: 'd2', deviceName: 'iPhone', notice: 'quiet' }, alertmanager),
    ]);
    expect(state.paged).toEqual(['alice@example.com', 'bob@example.com']);
  });

  it('knows when a quiet incident will page, until it does', () => {
    const waiting = [
      triggered(),
      ev({ type: 'not_paged', reason: 'outside working hours', pagesAt: '2026-11-23T09:00:00Z' }, alertmanager),
    ];
    expect(foldIncident(waiting).pagesAt).toBe('2026-11-23T09:00:00Z');
    const paged = ev(
      { type: 'escalated', step: 0, level: 1, reason: 'working_hours', targets: ['bob@example.com'], label: 'L1' },
      alertmanager,
    );
    expect(foldIncident([...waiting, paged]).pagesAt).toBeNull();
  });

  it('opens a reopened incident again as if new (nobody on point, the climb from its first level), and only a resolved one', () => {
    const state = foldIncident([
      triggered(),
      ev({ type: 'ack' }, alice),
      ev({ type: 'escalated', step: 0, level: 1, reason: 'triggered', targets: [], label: 'primary' }, alertmanager),
      ev({ type: 'resolve' }, alice),
      ev({ type: 'reopen' }, bob),
    ]);
    expect(state).toMatchObject({
      status: 'triggered',
      point: null,
      acknowledgedAt: null,
      resolvedAt: null,
      resolvedBy: null,
      escalationStep: -1,
    });
    expect(
      foldIncident([...[triggered(), ev({ type: 'resolve' }), ev({ type: 'reopen' })], ev({ type: 'ack' }, bob)]).point,
    ).toBe('bob@example.com');
    // An open incident has nothing to reopen: who has point stays.
    const acked = foldIncident([triggered(), ev({ type: 'ack' }, alice), ev({ type: 'reopen' }, bob)]);
    expect(acked).toMatchObject({ status: 'acknowledged', point: alice.email });
  });

  it('tracks the last seq it has seen', () => {
    const events = [triggered(), ev({ type: 'note', text: 'looking' })];
    expect(foldIncident(events).lastSeq).toBe(events[1].seq);
  });
});

describe('mergeTimeline', () => {
  it('orders by seq and keeps each event once, however often it arrives', () => {
    const [a, b, c] = [triggered(), ev({ type: 'ack' }), ev({ type: 'note', text: 'n' })];
    const merged = mergeTimeline([a, c], [b, c, a]);
    expect(merged.map((e) => e.id)).toEqual([a.id, b.id, c.id]);
    expect(foldIncident(merged).point).toBe('alice@example.com');
  });
});
