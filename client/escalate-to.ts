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

/**
 * What the Escalate button says it will do. Once the last level has been paged, escalating pages it again:
 * "Page Bob again", not "Escalate to Bob", which would promise someone new. The person tapping is left out.
 */
export function escalateLabel(
  escalationStep: number,
  escalation: EscalationNow | undefined,
  me: string,
  nameOf: (email: string) => string,
): string {
  const next = escalatesTo(escalationStep, escalation);
  if (!next?.length) return 'Escalate to the next level';
  const others = next.filter((email) => email !== me).map(nameOf);
  if (!others.length) return 'Escalate (no level above you)';
  const again = escalation !== undefined && escalationStep >= escalation.lastStep;
  return again ? `Page ${others.join(', ')} again` : `Escalate to ${others.join(', ')}`;
}
