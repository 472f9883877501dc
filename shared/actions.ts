import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { ActionVia } from './timeline.js';

/** The longest note (or resolution note) the server takes; the app counts down to it in the field. */
export const NOTE_MAX_LENGTH = 4000;

/** The fields every action has: a function, so they are made with ActionBody, not when the module loads. */
const base = () => ({
  /** Made by the client; the idempotency key, so a queued action can be retried freely. */
  id: z.uuid({ message: 'id must be a UUID made by the client' }),
  /** When the person tapped, by the device clock. */
  occurredAt: z.iso.datetime({ offset: true, message: 'occurredAt must be an ISO 8601 date-time' }),
  via: ActionVia.default('app'),
});

/** `POST /api/incidents/:id/actions`. */
export const ActionBody = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.object({ ...base(), type: z.literal('ack') }),
    z.object({ ...base(), type: z.literal('escalate') }),
    z.object({ ...base(), type: z.literal('handoff'), to: z.email() }),
    /** Not taking point, but helping: responders work in pairs. */
    z.object({ ...base(), type: z.literal('join') }),
    z.object({ ...base(), type: z.literal('note'), text: z.string().trim().min(1).max(NOTE_MAX_LENGTH) }),
    z.object({ ...base(), type: z.literal('resolve'), note: z.string().trim().max(NOTE_MAX_LENGTH).optional() }),
    /** Quiet until `until` (by the device clock, as occurredAt): then the point person is paged again if it is still open. */
    z.object({
      ...base(),
      type: z.literal('snooze'),
      until: z.iso.datetime({ offset: true, message: 'until must be an ISO 8601 date-time' }),
    }),
    /** A resolved incident is open again: it pages from the first level like a new one. */
    z.object({ ...base(), type: z.literal('reopen') }),
    z.object({
      ...base(),
      type: z.literal('actionable'),
      value: z.boolean(),
      reason: z.string().trim().max(1000).optional(),
    }),
  ]),
);
export type ActionBody = z.input<typeof ActionBody>;
export type ActionType = ActionBody['type'];
export type ParsedAction = z.output<typeof ActionBody>;
