import { describe, expect, it } from 'vitest';
import type { Rotation } from '../schedule/rotation.js';
import { lastStep, levelOf, nextStep, targetsAt, type Policy } from './policy.js';

const rotations: Rotation[] = [
  { id: 'payments', name: 'Payments', members: ['alice', 'bob'] },
  { id: 'lead', name: 'Lead', members: ['carol'] },
];
const team = { rotations, overrides: [], people: ['alice', 'bob', 'carol', 'dan'] };
const policy: Policy = {
  repeat: 1,
  confirmWithinMs: null,
  levels: [
    { delayMs: 5 * 60_000, targets: [{ kind: 'rotation', rotationId: 'payments', role: 'primary' }] },
    { delayMs: 10 * 60_000, targets: [{ kind: 'rotation', rotationId: 'payments', role: 'secondary' }] },
    {
      delayMs: 15 * 60_000,
      targets: [
        { kind: 'rotation', rotationId: 'lead', role: 'primary' },
        { kind: 'person', email: 'bob' },
      ],
    },
    { delayMs: 15 * 60_000, targets: [{ kind: 'everyone' }] },
  ],
};
const now = new Date('2026-11-22T03:00:00Z');

describe('escalation policy', () => {
  it('climbs primary → secondary → lead → everyone, then runs through again', () => {
    const who = (step: number) => targetsAt(levelOf(policy, step), team, now).map((t) => t.email);
    expect([0, 1, 2, 3].map(who)).toEqual([['alice'], ['bob'], ['carol', 'bob'], ['alice', 'bob', 'carol', 'dan']]);
    expect(who(4)).toEqual(['alice']);
  });

  it('says which rotation put each person on a level, for the per-rotation insights', () => {
    expect(targetsAt(levelOf(policy, 2), team, now)).toEqual([
      { email: 'carol', rotationId: 'lead' },
      { email: 'bob', rotationId: null },
    ]);
    // Someone a rotation and a named target both reach counts once, for the first that named them.
    const both = { delayMs: 1, targets: [{ kind: 'rotation', rotationId: 'payments', role: 'secondary' }, { kind: 'everyone' }] };
    expect(targetsAt(both as Policy['levels'][0], team, now).slice(0, 2)).toEqual([
      { email: 'bob', rotationId: 'payments' },
      { email: 'alice', rotationId: null },
    ]);
    expect(lastStep(policy)).toBe(7);
  });

  it('stays on the last level once it is reached', () => {
    expect(nextStep(policy, 6)).toBe(7);
    expect(nextStep(policy, 7)).toBe(7);
    expect(levelOf(policy, 12)).toBe(policy.levels[3]);
  });

  it('skips a secondary that a one-person rotation does not have', () => {
    const solo: Policy = {
      repeat: 0,
      confirmWithinMs: null,
      levels: [{ delayMs: 1, targets: [{ kind: 'rotation', rotationId: 'lead', role: 'secondary' }] }],
    };
    expect(targetsAt(solo.levels[0], team, now)).toEqual([]);
  });
});
