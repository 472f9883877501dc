import type { z } from 'zod';
import { ApiErrorBody } from '../../shared/api.js';

/** What a queued send's answer means for the queue. */
export type QueuedSendAnswer<T> =
  | { kind: 'accepted'; value: T }
  /** The session is gone: keep it until the person logs in again. */
  | { kind: 'logged_out' }
  /** The server is struggling (5xx, 429), a proxy or a captive portal answered: try again later. */
  | { kind: 'try_later'; status: number }
  /** onpoint refused it for good (400, 403, 404, 409): retrying cannot help. */
  | { kind: 'rejected'; status: number; message: string; code: string };

/**
 * Reads the answer to a queued send. Only onpoint's own answers count: a 2xx that is not what onpoint
 * sends (a portal's page, a proxy's JSON) is tried again, never taken as done, and only onpoint's own
 * refusals are final — the server records a replay once, so sending again is always safe.
 */
export async function readQueuedSendAnswer<T>(response: Response, schema: z.ZodType<T>): Promise<QueuedSendAnswer<T>> {
  if (response.status === 401) return { kind: 'logged_out' };
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const accepted = schema.safeParse(body);
    return accepted.success ? { kind: 'accepted', value: accepted.data } : { kind: 'try_later', status: response.status };
  }
  const refusal = ApiErrorBody.safeParse(body);
  if (refusal.success && response.status >= 400 && response.status < 500 && response.status !== 429 && response.status !== 408) {
    return { kind: 'rejected', status: response.status, message: refusal.data.error.message, code: refusal.data.error.code };
  }
  return { kind: 'try_later', status: response.status };
}
