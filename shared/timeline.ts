import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

/** Who did something: a person (by email) or a system such as Alertmanager or the pager itself. */
export const Actor = lazySchema(() =>
  z.union([
    z.object({ kind: z.literal('person'), email: z.string(), name: z.string() }),
    z.object({ kind: z.literal('system'), name: z.string() }),
  ]),
);
export type Actor = z.infer<typeof Actor>;

export const Severity = lazySchema(() => z.enum(['critical', 'warning', 'info']));
export type Severity = z.infer<typeof Severity>;

export const PagingClass = lazySchema(() => z.enum(['always', 'daytime', 'never']));
export type PagingClass = z.infer<typeof PagingClass>;

export const ActionVia = lazySchema(() => z.enum(['app', 'notification']));
export type ActionVia = z.infer<typeof ActionVia>;

/** A function, so the fields are made with the schemas that use them, not when the module loads. */
const device = () => ({ person: z.string(), deviceId: z.string(), deviceName: z.string() });

/** What an event says, by type. Person actions and system facts share one timeline. */
export const EventBody = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('triggered'),
      source: z.string(),
      title: z.string(),
      severity: Severity,
      pagingClass: PagingClass,
      /** Why it pages when the fail-safe decided: a missing or unknown severity label. */
      pagingReason: z.string().optional(),
    }),
    /** The incident's class went up while it was open: a more urgent alert joined its group. Never down. */
    z.object({ type: z.literal('reclassified'), severity: Severity, pagingClass: PagingClass, reason: z.string() }),
    z.object({
      type: z.literal('alerts_changed'),
      firing: z.array(z.string()),
      resolved: z.array(z.string()),
    }),
    /**
     * The group grew, shrank or was renamed by its source: the incident's title follows it. `alerts`: how many
     * of the group fire now, by the source's count; `truncatedAlerts`: how many the source left out of its payload.
     */
    z.object({
      type: z.literal('group_changed'),
      title: z.string(),
      alerts: z.number().int().nonnegative(),
      truncatedAlerts: z.number().int().nonnegative(),
    }),
    /**
     * `notice`: not a page but a quiet notice (outside working hours) or "you have point". `pushId`: the push
     * it went out as, which its receipt names (absent on lines from before receipts named their push).
     */
    z.object({
      type: z.literal('paged'),
      ...device(),
      notice: z.enum(['quiet', 'point']).optional(),
      pushId: z.string().optional(),
    }),
    z.object({
      type: z.literal('push_failed'),
      ...device(),
      reason: z.string(),
      deviceRemoved: z.boolean(),
    }),
    /** `pushId`: the push this receipt confirms, as its `paged` line names it (absent on older receipts). */
    z.object({ type: z.literal('delivered'), ...device(), pushId: z.string().optional() }),
    /** `pagesAt`: a quiet incident's page waits for working hours; `person`: who could not be reached (no device). */
    z.object({ type: z.literal('not_paged'), reason: z.string(), pagesAt: z.string().optional(), person: z.string().optional() }),
    z.object({ type: z.literal('ack') }),
    z.object({ type: z.literal('escalate') }),
    z.object({ type: z.literal('handoff'), to: z.string() }),
    z.object({ type: z.literal('join') }),
    z.object({ type: z.literal('note'), text: z.string() }),
    z.object({ type: z.literal('resolve'), note: z.string().optional() }),
    z.object({ type: z.literal('actionable'), value: z.boolean(), reason: z.string().optional() }),
    /** `until`: by the server's clock (the device's, moved by how far off it was). */
    z.object({ type: z.literal('snooze'), until: z.string() }),
    z.object({ type: z.literal('reopen') }),
    /** A snooze ran out with the incident still open: its point person is paged again. */
    z.object({ type: z.literal('snooze_ended'), person: z.string() }),
    /** A level of the escalation policy is paged: at the start, after a timeout, or because someone asked. */
    z.object({
      type: z.literal('escalated'),
      step: z.number().int().nonnegative(),
      level: z.number().int().positive(),
      /** `unconfirmed`: no device of the level before confirmed its page in time. */
      reason: z.enum(['triggered', 'timeout', 'request', 'working_hours', 'unconfirmed']),
      targets: z.array(z.string()),
      /** Who the level is, in words: "Payments on-call secondary". */
      label: z.string(),
      /** For a timeout: how long nobody answered; for `unconfirmed`, how long no device confirmed. */
      waitedMs: z.number().int().nonnegative().optional(),
      /** For `unconfirmed`: who was paged and did not confirm, in words ("Alice"). */
      unconfirmed: z.string().optional(),
      /** Which rotation put each target on this level (email → rotation id); people the policy names are not in it. */
      rotations: z.record(z.string(), z.string()).optional(),
    }),
  ]),
);
export type EventBody = z.infer<typeof EventBody>;
export type EventType = EventBody['type'];

/**
 * One entry of an incident's append-only timeline. `occurredAt` is when it happened on the device
 * (or the server, for system events), kept between the incident's opening and the server receiving it;
 * `deviceTime` is the device's own time when that was further off (see shared/device-time.ts);
 * `recordedAt` is when the server stored it; `seq` orders all events of all incidents and is the SSE event id.
 */
export const TimelineEvent = lazySchema(() =>
  z.intersection(
    z.object({
      id: z.string(),
      seq: z.number().int(),
      incidentId: z.string(),
      actor: Actor,
      via: ActionVia.optional(),
      occurredAt: z.string(),
      deviceTime: z.string().optional(),
      recordedAt: z.string(),
    }),
    EventBody,
  ),
);
export type TimelineEvent = z.infer<typeof TimelineEvent>;
