import { z } from 'zod';
import { Severity } from './timeline.js';

/**
 * What the server encrypts into a Web Push message and the service worker shows. No secrets:
 * `receipt` only lets the worker report that this one message arrived.
 */
export const PushPayload = z.object({
  /**
   * page: an incident needs someone; quiet: one that can wait for working hours; point: you were handed
   * point; handoff: a rotation changed hands (its summary); test: a check.
   */
  kind: z.enum(['page', 'quiet', 'point', 'handoff', 'test']),
  receipt: z.string(),
  incidentId: z.string().nullable(),
  title: z.string(),
  severity: Severity,
  summary: z.string(),
  url: z.string(),
  sentAt: z.string(),
});
export type PushPayload = z.infer<typeof PushPayload>;
