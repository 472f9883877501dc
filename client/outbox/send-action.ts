import type { ActionBody } from '../../shared/actions.js';
import { ActionResult } from '../../shared/api.js';
import { REQUEST_TIMEOUT_MS } from '../api.js';
import { readQueuedSendAnswer } from './answer.js';

/** What became of one attempt to send a queued action. */
export type SendOutcome =
  | { kind: 'sent'; result: ActionResult }
  /** No answer (no signal, a hotspot that stalls): try again later. */
  | { kind: 'unreachable' }
  /** The session is gone: keep it until the person logs in again. */
  | { kind: 'logged_out' }
  /** The server is struggling (5xx, 429) or a proxy got in the way: try again later. */
  | { kind: 'try_later'; status: number }
  /** The server refused this action for good (400, 403, 404, 409): retrying cannot help. */
  | { kind: 'rejected'; status: number; message: string };

export async function sendAction(incidentId: string, action: ActionBody, fetchImpl: typeof fetch = fetch): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(`/api/incidents/${encodeURIComponent(incidentId)}/actions`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(action),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    return { kind: 'unreachable' };
  }
  const answer = await readQueuedSendAnswer(response, ActionResult);
  if (answer.kind === 'accepted') return { kind: 'sent', result: answer.value };
  if (answer.kind === 'rejected') return { kind: 'rejected', status: answer.status, message: answer.message };
  return answer;
}
