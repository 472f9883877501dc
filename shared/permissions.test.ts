import { describe, expect, it } from 'vitest';
import { canHandOff, canReopen, handoffRefusal, reviewRefusal, snoozeRefusal } from './permissions.js';
import { initialState, type IncidentState } from './reducer.js';

const bob = { email: 'bob@example.com', lead: false };
const carol = { email: 'carol@example.com', lead: true };
const on = (point: string | null) => ({ point });

describe('who may hand point off', () => {
  it('with nobody on point: only a lead (the first ack takes it otherwise)', () => {
    expect(handoffRefusal(on(null), bob)).toBe('nobody_on_point');
    expect(handoffRefusal(on(null), carol)).toBeNull();
  });

  it('with someone on point: they or a lead', () => {
    expect(handoffRefusal(on('alice@example.com'), bob)).toBe('not_point');
    expect(handoffRefusal(on('bob@example.com'), bob)).toBeNull();
    expect(handoffRefusal(on('alice@example.com'), carol)).toBeNull();
  });

  it('never to the person who has point already', () => {
    expect(handoffRefusal(on('bob@example.com'), bob, 'bob@example.com')).toBe('already_point');
    expect(canHandOff(on('bob@example.com'), bob, 'carol@example.com')).toBe(true);
    expect(canHandOff(on('alice@example.com'), bob, 'carol@example.com')).toBe(false);
  });
});

describe('who may say whether the page was actionable', () => {
  const team = [bob, carol, { email: 'alice@example.com' }];
  const resolved = (over: Partial<IncidentState>): IncidentState => ({ ...initialState, status: 'resolved', ...over });

  it('once the incident is resolved', () => {
    expect(reviewRefusal({ ...initialState, point: bob.email }, bob, team)).toBe('not_resolved');
  });

  it('whoever had point, else whoever resolved it, or a lead', () => {
    expect(reviewRefusal(resolved({ point: bob.email }), bob, team)).toBeNull();
    expect(reviewRefusal(resolved({ point: 'alice@example.com' }), bob, team)).toBe('not_reviewer');
    expect(reviewRefusal(resolved({ point: 'alice@example.com' }), carol, team)).toBeNull();
    const resolvedBy = { kind: 'person' as const, email: bob.email, name: 'Bob' };
    expect(reviewRefusal(resolved({ resolvedBy }), bob, team)).toBeNull();
    expect(reviewRefusal(resolved({ resolvedBy }), { email: 'dan@example.com', lead: false }, team)).toBe('not_reviewer');
  });

  it('anyone, when nobody acted or the reviewer has left the team', () => {
    expect(reviewRefusal(resolved({}), bob, team)).toBeNull();
    expect(reviewRefusal(resolved({ point: 'eve@example.com' }), bob, team)).toBeNull();
  });
});

describe('who may snooze, and reopen', () => {
  const state = (status: IncidentState['status'], point: string | null) => ({ status, point });

  it('snoozes an acknowledged incident: its point person or a lead', () => {
    expect(snoozeRefusal(state('acknowledged', bob.email), bob)).toBeNull();
    expect(snoozeRefusal(state('acknowledged', 'alice@example.com'), bob)).toBe('not_point');
    expect(snoozeRefusal(state('acknowledged', 'alice@example.com'), carol)).toBeNull();
  });

  it('never one nobody acknowledged (it is still climbing) or one already resolved', () => {
    expect(snoozeRefusal(state('triggered', null), carol)).toBe('not_acknowledged');
    expect(snoozeRefusal(state('resolved', bob.email), bob)).toBe('not_acknowledged');
  });

  it('reopens only a resolved incident, whoever asks', () => {
    expect(canReopen({ status: 'resolved' })).toBe(true);
    expect(canReopen({ status: 'acknowledged' })).toBe(false);
    expect(canReopen({ status: 'triggered' })).toBe(false);
  });
});
