import type { Override } from '../schedule/on-call.js';
import { onCallAt } from '../schedule/on-call.js';
import type { Rotation } from '../schedule/rotation.js';

export type Target =
  | { kind: 'rotation'; rotationId: string; role: 'primary' | 'secondary' }
  | { kind: 'person'; email: string }
  /** The bat signal: everyone on the team. */
  | { kind: 'everyone' };

export interface Level {
  /** How long this level has to acknowledge before the next level is paged. */
  delayMs: number;
  targets: Target[];
}

export interface Policy {
  levels: Level[];
  /** How many more times to run through the levels after the first time. */
  repeat: number;
  /** A level no device of which confirmed the page (delivery receipt) within this long is passed over; null: off. */
  confirmWithinMs: number | null;
}

/** Without a word in the config: two minutes, longer than a phone in doze takes to wake for a high-urgency push. */
export const DEFAULT_CONFIRM_WITHIN_MS = 2 * 60_000;

/** Steps number every page of a climb: step s pages level s mod levels, and the last step repeats until someone answers. */
export function lastStep(policy: Policy): number {
  return policy.levels.length * (policy.repeat + 1) - 1;
}

export function levelOf(policy: Policy, step: number): Level {
  return policy.levels[Math.min(step, lastStep(policy)) % policy.levels.length];
}

/** The step after `step`; the last step stays the last: an unanswered page keeps paging its last level. */
export function nextStep(policy: Policy, step: number): number {
  return Math.min(step + 1, lastStep(policy));
}

export interface Team {
  rotations: Rotation[];
  overrides: readonly Override[];
  people: string[];
}

/** A person a level pages, and the rotation that put them there (null when the policy names them, or everyone). */
export interface PageTarget {
  email: string;
  rotationId: string | null;
}

/** Who a level pages at an instant, each person once, in the order the targets name them. */
export function targetsAt(level: Level, team: Team, at: Date): PageTarget[] {
  const targets = level.targets.flatMap((target): PageTarget[] => {
    switch (target.kind) {
      case 'person':
        return [{ email: target.email, rotationId: null }];
      case 'everyone':
        return team.people.map((email) => ({ email, rotationId: null }));
      case 'rotation': {
        const rotation = team.rotations.find((r) => r.id === target.rotationId);
        const email = rotation ? onCallAt(rotation, team.overrides, at)[target.role] : null;
        return email ? [{ email, rotationId: rotation!.id }] : [];
      }
    }
  });
  return targets.filter((t, i) => targets.findIndex((other) => other.email === t.email) === i);
}

/** Without a declared policy: the primary, then after 5 minutes the secondary, of the first rotation. */
export function defaultPolicy(rotations: Rotation[]): Policy {
  const rotationId = rotations[0].id;
  return {
    repeat: 0,
    confirmWithinMs: DEFAULT_CONFIRM_WITHIN_MS,
    levels: [
      { delayMs: 5 * 60_000, targets: [{ kind: 'rotation', rotationId, role: 'primary' }] },
      { delayMs: 10 * 60_000, targets: [{ kind: 'rotation', rotationId, role: 'secondary' }] },
    ],
  };
}
