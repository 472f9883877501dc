import { describe, expect, it } from 'vitest';
import { canHandOff, handoffRefusal, reviewRefusal } from './permissions.js';
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
