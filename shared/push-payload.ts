import { z } from 'zod';
import { Severity } from './timeline.js';

/**
 * What the server encrypts into a Web Push message and the service worker shows. No secrets:
 * `receipt` only lets the worker report that this one message arrived.
 */
export const PushPayload = z.object({
  kind: z.enum(['page', 'test']),
  receipt: z.string(),
  incidentId: z.string().nullable(),
  title: z.string(),
  severity: Severity,
  summary: z.string(),
  url: z.string(),
  sentAt: z.string(),
});
export type PushPayload = z.infer<typeof PushPayload>;
