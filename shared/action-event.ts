import type { ActionBody } from './actions.js';
import type { Actor, TimelineEvent } from './timeline.js';
// Types only above: this module is in the app's first download, where the zod schemas are not needed.

/** A timeline event before the server has given it a place (seq) and a time of recording. */
export type ActionEvent = Omit<TimelineEvent, 'seq' | 'recordedAt'>;

/**
 * The event an action becomes. The server records it; the client shows the same event as
 * "queued" while it waits in the outbox, so both fold it with the same reducer.
 */
export function eventFromAction(incidentId: string, actor: Actor, action: ActionBody): ActionEvent {
  const { id, type, occurredAt, via, ...rest } = action;
  return {
    id,
    incidentId,
    type,
    actor,
    via: via ?? 'app',
    occurredAt: new Date(occurredAt).toISOString(),
    ...rest,
  };
}
