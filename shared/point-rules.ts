/**
 * Who may hand point off. One rule for the server, which enforces it, and the app, which offers the
 * button only to those it would not refuse.
 *
 * - `nobody_on_point`: nobody has point yet; it is taken by acknowledging, or assigned by a lead.
 * - `not_point`: someone else has point; only they or a lead move it.
 */
export type HandoffRefusal = 'nobody_on_point' | 'not_point';

export function handoffRefusal(point: string | null, person: { email: string; lead: boolean }): HandoffRefusal | null {
  if (person.lead || point === person.email) return null;
  return point === null ? 'nobody_on_point' : 'not_point';
}
