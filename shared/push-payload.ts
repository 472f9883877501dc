import { z } from 'zod';
import { Severity } from './timeline.js';

/**
 * What the server encrypts into a Web Push message and the service worker shows. No secrets:
 * `pushId` only lets the worker report a delivery receipt for this one message.
 */
export const PushPayload = z.object({
  kind: z.enum(['page', 'test']),
  pushId: z.string(),
  incidentId: z.string().nullable(),
  title: z.string(),
  severity: Severity,
  summary: z.string(),
  url: z.string(),
  sentAt: z.string(),
});
export type PushPayload = z.infer<typeof PushPayload>;
