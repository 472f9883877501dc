import type { EscalationNow } from '../shared/api.js';

/**
 * Who Escalate pages next, by email: the level after the one paged last (the first before any page; the last
 * again once the climb has reached it), as server/escalation/climb.ts `onRequest` takes it. Null while the
 * app does not know the policy's levels.
 */
export function escalatesTo(escalationStep: number, escalation: EscalationNow | undefined): string[] | null {
  if (!escalation || escalation.levels.length === 0) return null;
  const step = escalationStep < 0 ? 0 : Math.min(escalationStep + 1, escalation.lastStep);
  return escalation.levels[step % escalation.levels.length];
}
