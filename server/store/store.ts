import type { IncidentDetails, OverrideView } from '../../shared/api.js';
import type { IncidentState } from '../../shared/reducer.js';
import type { InsightsQueries } from '../insights/insights-sql.js';
import type { PushPayload } from '../../shared/push-payload.js';
import type { PagingClass, Severity, TimelineEvent } from '../../shared/timeline.js';

export interface SessionRecord {
  email: string;
  /** Null for sessions started before onpoint recorded it. */
  createdAt: string | null;
  expiresAt: string;
}

export interface DeviceRecord {
  id: string;
  email: string;
  name: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  createdAt: string;
  lastDeliveredAt: string | null;
}

/** A device with the newest page sent to it, and whether the device confirmed it. */
export interface DeviceStatus extends DeviceRecord {
  lastPage: { sentAt: string; confirmedAt: string | null } | null;
}

/** A new push subscription for a device already registered: the browser rotated it. */
export interface DeviceReplacement {
  email: string;
  /** The device, by id or by the endpoint it had; the id is looked at first. */
  deviceId?: string;
  oldEndpoint?: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  /** A new name; left out, the device keeps its own. */
  name?: string;
  /** Now: pushes still waiting for the device are due no later than this. */
  at: string;
}

export interface IncidentRecord {
  id: string;
  dedupKey: string;
  title: string;
  severity: Severity;
  pagingClass: PagingClass;
  playbook: string | null;
  details: IncidentDetails;
  createdAt: string;
  state: IncidentState;
}

/** Overrides are stored exactly as the API shows them. */
export type OverrideRecord = OverrideView;

export interface EscalationTimer {
  incidentId: string;
  /** The step paged last (see escalation/climb.ts for the negative ones: not started, waiting for working hours). */
  step: number;
  dueAt: string;
  /** Someone pressed Escalate: the next level is due now. */
  requested: boolean;
  /** When a device of the level paged last must have confirmed the page, or the next level is paged; null: not watched. */
  confirmAt: string | null;
}

/**
 * An open incident's paging class went up. `startPaging`: its climb starts, or starts over, with this timer
 * unless one is already climbing (a timer at step 0 or later is left alone).
 */
export interface ClassRaise {
  severity: Severity;
  pagingClass: PagingClass;
  startPaging: TimerMove | null;
}

/** Where a timer is now, for a compare-and-set. */
export type TimerPosition = Pick<EscalationTimer, 'step' | 'dueAt'>;
/** Where a timer moves to. */
export interface TimerMove {
  step: number;
  dueAt: string;
  confirmAt?: string | null;
}

export type PushKind = 'page' | 'quiet' | 'point' | 'handoff';
/** What a push says, before the sender adds its receipt and the moment it is sent. */
export type PushMessage = Omit<PushPayload, 'receipt' | 'sentAt'>;

/** A push to one device, queued: the sender drains these. */
export interface NewPush {
  id: string;
  incidentId: string | null;
  /** The escalation step a page belongs to. */
  step: number | null;
  deviceId: string;
  email: string;
  kind: PushKind;
  message: PushMessage;
  topic: string;
  urgency: 'low' | 'high';
  /** The push service's origin: sends are bounded per push service. */
  origin: string;
  createdAt: string;
  /** After this the page is no use: it expires undelivered. */
  expiresAt: string;
  /** Where it goes now; not stored (the device's endpoint is read when the push is claimed). */
  to?: PushTarget;
  /** Taken by the process that queued it, to send at once: no claim needed. */
  lease?: { until: string; endpoint: string };
}

/** A device's push subscription and name, as a send needs them. */
export interface PushTarget {
  name: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export type PushStatus = 'pending' | 'sent' | 'gone' | 'expired' | 'cancelled' | 'failed';

/** A queued push taken for sending, with where it goes now (null: the device was removed). */
export interface PushJob extends NewPush {
  attempts: number;
  minimal: boolean;
  lastError: string | null;
  device: PushTarget | null;
  /** The incident's status now; null for pushes without an incident. */
  incidentStatus: IncidentState['status'] | null;
}

/** What became of one send. `pending` with a later `nextAttemptAt` is a retry. */
export interface PushSettlement {
  id: string;
  status: PushStatus;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string | null;
  minimal?: boolean;
  sentAt?: string;
  /**
   * The push service said the subscription is gone: this device is removed with the settlement, unless it
   * was given a new subscription (replaceDevice) after the push was claimed.
   */
  removeDevice?: string;
}

/** An event before the store numbers and timestamps it. */
export type NewEvent = Omit<TimelineEvent, 'seq' | 'recordedAt'>;

export interface AppendResult {
  event: TimelineEvent;
  state: IncidentState;
  created: boolean;
}

/** Settings the server keeps for itself: keys, versions, one-time markers. */
export interface SettingsStore {
  getSetting(key: string): Promise<string | null>;
  /** Sets the value only if none is set yet; returns the value that is set. */
  initSetting(key: string, value: string): Promise<string>;
  /** Sets the value, whatever it was. */
  setSetting(key: string, value: string): Promise<void>;
}

/** Passwords set from the command line, and login sessions. */
export interface SessionStore {
  getPasswordHash(email: string): Promise<string | null>;
  /** Sets a person's password and ends every session of theirs, together. */
  setPasswordHash(email: string, hash: string): Promise<void>;

  createSession(idHash: string, session: SessionRecord): Promise<void>;
  /** The session, unless it has expired by `now`. */
  getSession(idHash: string, now: string): Promise<SessionRecord | null>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of a person; returns how many there were. */
  deleteSessionsOf(email: string): Promise<number>;
}

/** Cover (overrides) and the generations calendar links are signed with. */
export interface ScheduleStore {
  /** What a person's calendar links are signed with: 0 until they first reset them. */
  getCalendarGeneration(email: string): Promise<number>;
  /** Retires every calendar link of a person given out so far; returns the new generation. */
  advanceCalendarGeneration(email: string): Promise<number>;

  createOverride(override: OverrideRecord): Promise<void>;
  /** Overrides not removed that end after `after`: the ones that still matter. */
  listOverrides(after: string): Promise<OverrideRecord[]>;
  /** Removes (keeping the record of who did); false if there was none to remove. */
  removeOverride(id: string, by: string, at: string): Promise<boolean>;
}

/** The devices that get pages. */
export interface DeviceStore {
  /** Registers a device; the same endpoint registered again is updated, not duplicated. */
  upsertDevice(device: Omit<DeviceRecord, 'lastDeliveredAt'>): Promise<DeviceRecord>;
  listDevices(email: string): Promise<DeviceRecord[]>;
  deleteDevice(id: string, email?: string): Promise<boolean>;
  /**
   * Gives one of a person's devices a new subscription in place: the same id (and name, unless a new one
   * is given), so pushes still queued for it go to the new endpoint; they move to its push service's
   * origin and are due at once. Another device row holding the new endpoint is removed (one browser, one
   * subscription). Null if the person has no such device.
   */
  replaceDevice(replacement: DeviceReplacement): Promise<DeviceRecord | null>;
  /** A person's devices with the newest page sent to each, in one query. */
  listDeviceStatuses(email: string): Promise<DeviceStatus[]>;

  /** Notes that a page reached a device; returns the device, or null if it has been removed. */
  markDeviceDelivered(id: string, at: string): Promise<DeviceRecord | null>;
}

/** Incidents and their append-only timelines. */
export interface IncidentStore {
  /**
   * Opens an incident with its first events, unless one with this dedup key is already open:
   * then nothing is written and the open one is returned.
   */
  openIncident(
    incident: Omit<IncidentRecord, 'state'>,
    events: NewEvent[],
    /** Its escalation timer, written in the same transaction: paging is durable before the 2xx. */
    timer: TimerMove | null,
    /** The pushes of its first step, queued in the same transaction. */
    pushes?: NewPush[],
  ): Promise<{ incident: IncidentRecord; created: boolean; events: TimelineEvent[] }>;
  /** The newest incident with this dedup key, open or not. */
  findLatestIncident(dedupKey: string): Promise<IncidentRecord | null>;
  /** How many incidents this dedup key opened at or after `since`, and when the first of them opened. */
  countOpenedSince(dedupKey: string, since: string): Promise<{ count: number; firstAt: string | null }>;
  getIncident(id: string): Promise<IncidentRecord | null>;
  /** Open ones first, then newest first. */
  listIncidents(limit: number): Promise<IncidentRecord[]>;
  countOpenIncidents(): Promise<number>;
  /** Incident ids after `after` in id order, `limit` of them: a walk over every incident in bounded batches. */
  listIncidentIds(after: string, limit: number): Promise<string[]>;
  /**
   * Folds an incident's stored state again from its timeline, in one transaction that holds the incident
   * against appends; true if the stored state was not what the reducer makes of its events.
   */
  refoldIncident(id: string): Promise<boolean>;
  /** Replaces an incident's alert details and appends the events that describe the change, together. */
  updateIncident(id: string, details: IncidentDetails, events: NewEvent[], raise?: ClassRaise): Promise<AppendResult[]>;

  /**
   * Appends events in order; an id seen before is not written again and comes back as it was. Status only
   * moves forward here, with what follows from it in the same transaction: an `escalate` makes the next level
   * due now; an acknowledgement or resolve cancels the incident's pages still queued.
   */
  appendEvents(events: NewEvent[]): Promise<AppendResult[]>;
  getEvent(id: string): Promise<TimelineEvent | null>;
  listEvents(incidentId: string): Promise<TimelineEvent[]>;
  eventsAfter(seq: number, limit: number): Promise<TimelineEvent[]>;
  /** The seq of the newest event (0 if none). */
  latestSeq(): Promise<number>;
}

/** Escalation timers, and the steps that move them. */
export interface EscalationStore {
  /** The step an incident's climb paged last, and when the next one is due. */
  getEscalationTimer(incidentId: string): Promise<EscalationTimer | null>;
  /**
   * Due timers, each taken for a short lease so that another process looking at the same moment skips
   * it; the compare-and-set of advanceEscalationTimer still decides who pages.
   */
  claimDueEscalationTimers(now: string, limit: number): Promise<EscalationTimer[]>;
  /**
   * Moves a timer on only if it is still exactly `from` (step and due time), or with `from` null creates
   * it if there is none: whoever moves it first pages, so each step, and each re-page of the last step,
   * happens once. `next` null deletes it.
   */
  advanceEscalationTimer(incidentId: string, from: TimerPosition | null, next: TimerMove | null): Promise<boolean>;
  /**
   * One escalation step, whole: the timer moves as in advanceEscalationTimer, and only if it did, its events
   * are appended and its pushes queued, in the same transaction. Null when the timer had moved already.
   */
  takeEscalationStep(step: {
    incidentId: string;
    from: TimerPosition | null;
    next: TimerMove | null;
    events: NewEvent[];
    pushes: NewPush[];
  }): Promise<AppendResult[] | null>;
}

/** The durable queue of outgoing pushes. */
export interface PushQueueStore {
  /** Queues pushes that belong to no escalation step (point, handoff notices) with their events. */
  enqueuePushes(pushes: NewPush[], events: NewEvent[]): Promise<AppendResult[]>;
  /**
   * Pending pushes due by `now`, each leased until `leaseUntil` so another process skips it; none of the
   * origins in `skipOrigins` (their push services are at their limit in this process).
   */
  claimDuePushes(now: string, leaseUntil: string, limit: number, skipOrigins: string[]): Promise<PushJob[]>;
  /** Whether a push is still to be sent: not cancelled by an acknowledgement, nor settled, since it was queued. */
  isPushPending(id: string): Promise<boolean>;
  /** Records what became of sends, with their timeline events, in one transaction. */
  settlePushes(settlements: PushSettlement[], events: NewEvent[]): Promise<AppendResult[]>;
  /** A device said it got this push (its delivery receipt); false if there is no such push. */
  confirmPush(id: string, at: string): Promise<boolean>;
  /** Whether any device confirmed a page of this step. */
  stepConfirmed(incidentId: string, step: number): Promise<boolean>;
  /** Pushes waiting to be sent, and when the oldest of them was queued. */
  pendingPushes(): Promise<{ count: number; oldestCreatedAt: string | null }>;
}

/** A heartbeat as the store keeps it: when it last beat, and when a missed beat pages. */
export interface HeartbeatRecord {
  id: string;
  /** When onpoint first knew it: a heartbeat that never beat is missed counting from here. */
  firstKnownAt: string;
  lastBeatAt: string | null;
  /** When it pages unless it beats first. */
  dueAt: string;
  /** Set once the deadline opened an incident; a beat clears it. */
  missedAt: string | null;
}

/** The heartbeats' deadlines: durable like escalation timers, so a restart or a second process fires each once. */
export interface HeartbeatStore {
  /**
   * Knows the configured heartbeats: one first seen now is due `periodMs` from now; one already known and
   * not missed is due `periodMs` after its last beat (or first sighting), so a changed interval counts at once.
   */
  syncHeartbeats(heartbeats: { id: string; periodMs: number }[], at: string): Promise<void>;
  /** A beat at `at`: due again at `dueAt`, no longer missed. Whether it was missed; null for a heartbeat not known. */
  recordBeat(id: string, at: string, dueAt: string): Promise<{ wasMissed: boolean } | null>;
  /** Heartbeats among `ids` past their deadline and not yet missed, each leased so another process skips it. */
  claimDueHeartbeats(ids: string[], at: string, limit: number): Promise<HeartbeatRecord[]>;
  /** Marks the deadline `dueAt` as missed, if no beat moved it meanwhile; true if it did. */
  markHeartbeatMissed(id: string, dueAt: string, at: string): Promise<boolean>;
  listHeartbeats(): Promise<HeartbeatRecord[]>;
}

/** The insights' figures, over the facts kept with every append (insights/facts-sql.ts). */
export interface InsightsStore {
  insights: InsightsQueries;
}

/**
 * Everything onpoint keeps: the union of each domain's store. Each method is atomic: it either happens
 * whole or not at all, so a failed request never half-writes. Timeline events are append-only and keyed
 * by their id, which makes every append idempotent. A module is given only the part it needs.
 */
export interface Store
  extends
    SettingsStore,
    SessionStore,
    ScheduleStore,
    DeviceStore,
    IncidentStore,
    EscalationStore,
    PushQueueStore,
    HeartbeatStore,
    InsightsStore {
  /** Throws if the database cannot be reached now. */
  ping(): Promise<void>;

  /** Whether an error means the database could not be reached (as opposed to a bad request or a bug). */
  isUnavailable(err: unknown): boolean;

  close(): Promise<void>;
}
