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
 * "Page Bob again", not "Escalate to Bob", which would promise someone new. The person tapping is left out;
 * when that leaves nobody (the last level escalating), the button would page only them: `pagesSomeone` false.
 */
export function escalateButton(
  escalationStep: number,
  escalation: EscalationNow | undefined,
  me: string,
  nameOf: (email: string) => string,
): { label: string; pagesSomeone: boolean } {
  const next = escalatesTo(escalationStep, escalation);
  if (!next?.length) return { label: 'Escalate to the next level', pagesSomeone: true };
  const others = next.filter((email) => email !== me).map(nameOf);
  if (!others.length) return { label: 'No one above you', pagesSomeone: false };
  const again = escalation !== undefined && escalationStep >= escalation.lastStep;
  return { label: again ? `Page ${others.join(', ')} again` : `Escalate to ${others.join(', ')}`, pagesSomeone: true };
}
