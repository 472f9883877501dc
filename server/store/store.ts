import type { IncidentDetails, OverrideView } from '../../shared/api.js';
import type { IncidentState } from '../../shared/reducer.js';
import type { PagingClass, Severity, TimelineEvent } from '../../shared/timeline.js';

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
  step: number;
  dueAt: string;
}

/** An event before the store numbers and timestamps it. */
export type NewEvent = Omit<TimelineEvent, 'seq' | 'recordedAt'>;

export interface AppendResult {
  event: TimelineEvent;
  state: IncidentState;
  created: boolean;
}

/**
 * Everything onpoint keeps. Each method is atomic: it either happens whole or not at all, so a
 * failed request never half-writes. Timeline events are append-only and keyed by their id, which
 * makes every append idempotent.
 */
export interface Store {
  getSetting(key: string): Promise<string | null>;
  /** Sets the value only if none is set yet; returns the value that is set. */
  initSetting(key: string, value: string): Promise<string>;

  getPasswordHash(email: string): Promise<string | null>;
  setPasswordHash(email: string, hash: string): Promise<void>;

  createSession(idHash: string, email: string, expiresAt: string): Promise<void>;
  getSessionEmail(idHash: string, now: string): Promise<string | null>;
  deleteSession(idHash: string): Promise<void>;

  /** Registers a device; the same endpoint registered again is updated, not duplicated. */
  upsertDevice(device: Omit<DeviceRecord, 'lastDeliveredAt'>): Promise<DeviceRecord>;
  listDevices(email: string): Promise<DeviceRecord[]>;
  deleteDevice(id: string, email?: string): Promise<boolean>;

  /**
   * Opens an incident with its first events, unless one with this dedup key is already open:
   * then nothing is written and the open one is returned.
   */
  openIncident(
    incident: Omit<IncidentRecord, 'state'>,
    events: NewEvent[],
  ): Promise<{ incident: IncidentRecord; created: boolean; events: TimelineEvent[] }>;
  /** The newest incident with this dedup key, open or not. */
  findLatestIncident(dedupKey: string): Promise<IncidentRecord | null>;
  getIncident(id: string): Promise<IncidentRecord | null>;
  /** Open ones first, then newest first. */
  listIncidents(limit: number): Promise<IncidentRecord[]>;
  countOpenIncidents(): Promise<number>;
  /** Incidents opened at or after `createdAt`, oldest first: what insights and history read. */
  listIncidentsSince(createdAt: string): Promise<IncidentRecord[]>;
  /** Replaces an incident's alert details and appends the events that describe the change, together. */
  updateIncident(id: string, details: IncidentDetails, events: NewEvent[]): Promise<AppendResult[]>;

  /** Appends events in order; an id seen before is not written again and comes back as it was. */
  appendEvents(events: NewEvent[]): Promise<AppendResult[]>;
  getEvent(id: string): Promise<TimelineEvent | null>;
  listEvents(incidentId: string): Promise<TimelineEvent[]>;
  eventsAfter(seq: number, limit: number): Promise<TimelineEvent[]>;
  /** The seq of the newest event (0 if none). */
  latestSeq(): Promise<number>;

  createOverride(override: OverrideRecord): Promise<void>;
  /** Overrides not removed that end after `after`: the ones that still matter. */
  listOverrides(after: string): Promise<OverrideRecord[]>;
  /** Removes (keeping the record of who did); false if there was none to remove. */
  removeOverride(id: string, by: string, at: string): Promise<boolean>;

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
  advanceEscalationTimer(
    incidentId: string,
    from: Pick<EscalationTimer, 'step' | 'dueAt'> | null,
    next: { step: number; dueAt: string } | null,
  ): Promise<boolean>;

  /** Notes that a page reached a device; returns the device, or null if it has been removed. */
  markDeviceDelivered(id: string, at: string): Promise<DeviceRecord | null>;

  /** Throws if the database cannot be reached now. */
  ping(): Promise<void>;

  /** Whether an error means the database could not be reached (as opposed to a bad request or a bug). */
  isUnavailable(err: unknown): boolean;

  close(): Promise<void>;
}
