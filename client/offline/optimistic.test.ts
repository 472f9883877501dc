import { describe, expect, it } from 'vitest';
import type { ActionBody } from '../../shared/actions.js';
import { eventFromAction } from '../../shared/action-event.js';
import type { Actor, TimelineEvent } from '../../shared/timeline.js';
import type { OutboxEntry } from './db.js';
import { findLateAck } from './late-ack.js';
import { stateWithQueuedActions, withQueuedActions } from './optimistic.js';

const alice: Actor = { kind: 'person', email: 'alice@example.com', name: 'Alice' };
const bob: Actor = { kind: 'person', email: 'bob@example.com', name: 'Bob' };
const system: Actor = { kind: 'system', name: 'Alertmanager' };

let seq = 0;
const recorded = (actor: Actor, action: ActionBody | { type: 'triggered' }): TimelineEvent => {
  seq += 1;
  const at = `2026-11-23T03:${String(seq).padStart(2, '0')}:00.000Z`;
  if (action.type === 'triggered') {
    return {
      id: `e${seq}`,
      seq,
      incidentId: 'i1',
      actor,
      occurredAt: at,
      recordedAt: at,
      type: 'triggered',
      source: 'am',
      title: 't',
      severity: 'critical',
      pagingClass: 'always',
    };
  }
  return { ...eventFromAction('i1', actor, action), seq, recordedAt: at } as TimelineEvent;
};
const act = (type: 'ack' | 'resolve' | 'escalate', at = '2026-11-23T03:30:00.000Z'): ActionBody => ({
  id: crypto.randomUUID(),
  type,
  occurredAt: at,
});
const queued = (action: ActionBody, rejected: OutboxEntry['rejected'] = null): OutboxEntry => ({
  id: action.id,
  incidentId: 'i1',
  email: alice.kind === 'person' ? alice.email : '',
  action,
  queuedAt: action.occurredAt,
  order: Date.parse(action.occurredAt),
  rejected,
});

describe('queued actions on screen', () => {
  it('shows a queued acknowledgement at once: acknowledged, with the person on point', () => {
    const timeline = [recorded(system, { type: 'triggered' })];
    const ack = act('ack');
    const shown = withQueuedActions(timeline, [queued(ack)], alice);
    expect(shown.state).toMatchObject({ status: 'acknowledged', point: 'alice@example.com', acknowledgedAt: ack.occurredAt });
    expect(shown.queued).toEqual(new Set([ack.id]));
    expect(shown.timeline.at(-1)).toMatchObject({ id: ack.id, type: 'ack', occurredAt: ack.occurredAt });
  });

  it('lets the recorded event replace the queued one: nothing is shown twice', () => {
    const ack = act('ack');
    const timeline = [recorded(system, { type: 'triggered' }), recorded(alice, ack)];
    const shown = withQueuedActions(timeline, [queued(ack)], alice);
    expect(shown.timeline.filter((e) => e.id === ack.id)).toHaveLength(1);
    expect(shown.queued.size).toBe(0);
  });

  it('keeps point with whoever the server recorded first when an offline ack arrives late', () => {
    const mine = act('ack', '2026-11-23T03:10:00.000Z');
    // Bob acknowledged online; Alice's ack (tapped earlier) is replayed after it.
    const timeline = [recorded(system, { type: 'triggered' }), recorded(bob, act('ack')), recorded(alice, mine)];
    const shown = withQueuedActions(timeline, [], alice);
    expect(shown.state.point).toBe('bob@example.com');
    expect(shown.timeline.map((e) => e.type)).toEqual(['triggered', 'ack', 'ack']);
    const late = findLateAck(shown.timeline, 'alice@example.com');
    expect(late?.first.actor).toEqual(bob);
    expect(late?.mine.occurredAt).toBe(mine.occurredAt);
    expect(findLateAck(shown.timeline, 'bob@example.com')).toBeNull();
  });

  it('explains a queued ack that someone else beat while it waited', () => {
    const timeline = [recorded(system, { type: 'triggered' }), recorded(bob, act('ack'))];
    const mine = act('ack');
    const shown = withQueuedActions(timeline, [queued(mine)], alice);
    expect(shown.state.point).toBe('bob@example.com');
    expect(findLateAck(shown.timeline, 'alice@example.com')?.mine.id).toBe(mine.id);
  });

  it('does not apply an action the server refused', () => {
    const timeline = [recorded(system, { type: 'triggered' })];
    const shown = withQueuedActions(timeline, [queued(act('resolve'), { status: 403, message: 'no' })], alice);
    expect(shown.state.status).toBe('triggered');
  });

  it('moves a list row as the queued actions would', () => {
    const base = withQueuedActions([recorded(system, { type: 'triggered' })], [], alice).state;
    expect(stateWithQueuedActions(base, [queued(act('ack')), queued(act('resolve'))], alice).status).toBe('resolved');
  });
});
