import { z } from 'zod';
import { PagingClass, Severity, TimelineEvent } from './timeline.js';
import type { IncidentState } from './reducer.js';

export const LoginBody = z.object({
  email: z.email().transform((e) => e.toLowerCase()),
  password: z.string().min(1).max(1024),
});

export const Me = z.object({ email: z.string(), name: z.string() });
export type Me = z.infer<typeof Me>;

/** `GET /api/session`: this device's session. `startedAt` is null for sessions older than the record of it. */
export interface SessionView {
  startedAt: string | null;
  expiresAt: string;
}

/** `GET /api/calendars`: the person's own calendar feed links; each carries its private token. */
export interface CalendarLinks {
  mine: string;
  rotations: { id: string; name: string; url: string }[];
}

export const PushSubscriptionJson = z.object({
  endpoint: z.url({ protocol: /^https$/, message: 'endpoint must be an https URL' }).max(2048),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}=*$/, 'keys.p256dh must be a base64url P-256 key'),
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,24}=*$/, 'keys.auth must be a base64url 16-byte secret'),
  }),
});
export type PushSubscriptionJson = z.infer<typeof PushSubscriptionJson>;

/**
 * The registered device a new subscription takes the place of (the browser rotated it): by its id, or
 * by the endpoint it had. The device keeps its id and name, so pages queued for it go to the new endpoint.
 */
export const DeviceReplaces = z
  .object({
    deviceId: z.string().min(1).max(64).optional(),
    endpoint: z.string().min(1).max(2048).optional(),
  })
  .refine((r) => r.deviceId !== undefined || r.endpoint !== undefined, { message: 'give deviceId or endpoint' });
export type DeviceReplaces = z.infer<typeof DeviceReplaces>;

/** `POST /api/devices`: a new device, or with `replaces` a new subscription for one already registered. */
export const DeviceBody = z
  .object({
    /** Left out when replacing: the device keeps its name. */
    name: z.string().trim().min(1).max(80).optional(),
    subscription: PushSubscriptionJson,
    replaces: DeviceReplaces.optional(),
  })
  .refine((b) => b.name !== undefined || b.replaces !== undefined, {
    message: 'a new device needs a name',
    path: ['name'],
  });
export type DeviceBody = z.infer<typeof DeviceBody>;

export const Device = z.object({
  id: z.string(),
  name: z.string(),
  pushService: z.string(),
  /**
   * SHA-256 of the device's push endpoint (base64url): a browser checks that the server has its current
   * subscription without the endpoint, a capability, leaving the server.
   */
  endpointHash: z.string(),
  createdAt: z.string(),
  lastDeliveredAt: z.string().nullable(),
  /** The newest page sent to this device, and when the device confirmed it (its delivery receipt). */
  lastPage: z.object({ sentAt: z.string(), confirmedAt: z.string().nullable() }).nullable(),
});
export type Device = z.infer<typeof Device>;

export const ReceiptBody = z.object({ receipt: z.string().min(20).max(200) });

/** The alert as a person reads it on the incident screen. */
export const AlertDetail = z.object({
  fingerprint: z.string(),
  status: z.enum(['firing', 'resolved']),
  labels: z.record(z.string(), z.string()),
  summary: z.string().optional(),
  description: z.string().optional(),
  runbookUrl: z.string().optional(),
  dashboardUrl: z.string().optional(),
  generatorUrl: z.string().optional(),
  startsAt: z.string(),
  endsAt: z.string().optional(),
});
export type AlertDetail = z.infer<typeof AlertDetail>;

export const IncidentDetails = z.object({
  source: z.string(),
  summary: z.string().optional(),
  description: z.string().optional(),
  runbookUrl: z.string().optional(),
  dashboardUrl: z.string().optional(),
  generatorUrl: z.string().optional(),
  externalUrl: z.string().optional(),
  alerts: z.array(AlertDetail),
  /** Alerts of the group that the sender left out of the payload. */
  truncatedAlerts: z.number().int().nonnegative(),
  /** Alerts onpoint did not keep: a group holds at most 100 (absent before that bound). */
  droppedAlerts: z.number().int().nonnegative().optional(),
});
export type IncidentDetails = z.infer<typeof IncidentDetails>;

export interface IncidentSummary {
  id: string;
  title: string;
  severity: z.infer<typeof Severity>;
  pagingClass: z.infer<typeof PagingClass>;
  playbook: string | null;
  createdAt: string;
  state: IncidentState;
}

export interface PlaybookSummary {
  slug: string;
  title: string;
  alerts: string[];
  impact: string | null;
}

/** `GET /api/playbooks`: each with its ETag, so a device downloads only the ones that changed. */
export interface PlaybookListEntry extends PlaybookSummary {
  etag: string;
}

export interface Playbook extends PlaybookSummary {
  dashboards: { title: string; url: string }[];
  /** Rendered from Markdown on the server with raw HTML disabled: safe to insert. */
  html: string;
}

/** An earlier incident of the same alert rule: how it went last time. */
export interface PastIncident {
  id: string;
  createdAt: string;
  point: string | null;
  durationMs: number | null;
  resolutionNote: string | null;
  actionable: boolean | null;
}

export interface IncidentView extends IncidentSummary {
  details: IncidentDetails;
  timeline: z.infer<typeof TimelineEvent>[];
  playbookContent: Playbook | null;
}

/** `POST /api/incidents`: an incident a person declares, one the alerts did not raise. */
export const DeclareBody = z.object({
  id: z.uuid({ message: 'id must be a UUID made by the client' }),
  title: z.string().trim().min(3, 'say in a few words what is wrong').max(200),
  severity: Severity,
  /** Who takes point; the person declaring if left out. */
  point: z
    .email()
    .transform((e) => e.toLowerCase())
    .optional(),
  summary: z.string().trim().max(4000).optional(),
});

/** One rotation's on-call now, as `GET /api/oncall` reports it. */
export interface OnCallNow {
  rotationId: string;
  name: string;
  primary: string;
  secondary: string | null;
  /** When someone else becomes primary; null if nobody else ever will. */
  primaryUntil: string | null;
  shiftEnd: string | null;
  nextPrimary: string;
  /** The next regular shifts, overrides aside. */
  upcoming: { start: string; end: string; primary: string; secondary: string | null }[];
}

export const OverrideBody = z
  .object({
    rotationId: z.string(),
    role: z.enum(['primary', 'secondary']).default('primary'),
    person: z.email().transform((e) => e.toLowerCase()),
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
  })
  .refine((o) => Date.parse(o.end) > Date.parse(o.start), { message: 'end must be after start', path: ['end'] })
  .refine((o) => Date.parse(o.end) - Date.parse(o.start) <= 31 * 24 * 3600 * 1000, {
    message: 'an override can last 31 days at most',
    path: ['end'],
  });

export interface OverrideView {
  id: string;
  rotationId: string;
  role: 'primary' | 'secondary';
  person: string;
  start: string;
  end: string;
  createdBy: string;
  createdAt: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export interface ActionResult {
  event: z.infer<typeof TimelineEvent>;
  state: IncidentState;
  /** False when this action id had been recorded before: the replay changed nothing. */
  created: boolean;
}

/** An alert rule, the unit alert quality is judged by: the alert's name and the service it watches. */
export interface AlertRule {
  alertname: string;
  service: string | null;
}

export interface RuleInsight {
  rule: AlertRule;
  pages: number;
  actionable: number;
  notActionable: number;
  unanswered: number;
  /** Actionable share of the answered pages; null until someone has answered. */
  precision: number | null;
  medianAckMs: number | null;
  medianResolveMs: number | null;
  outOfHours: number;
  /** Resolved by the alert source before anyone did anything. */
  resolvedWithoutAction: number;
  /** A plain suggestion, or null when the rule looks healthy. */
  hint: string | null;
}

/** What being on call cost one person: pages, pages at night, and night hours holding point. */
export interface OnCallLoad {
  pages: number;
  /** Pages between 22:00 and 07:00 in the person's own time zone. */
  nightPages: number;
  /** Hours this person had point on an acknowledged, still-open incident between 22:00 and 07:00 their time. */
  nightHoursOnPoint: number;
}

export interface PersonInsight extends OnCallLoad {
  email: string;
  /**
   * The same, per rotation: each rotation they are in, and any other that paged them; `rotationId` null for
   * pages and point that came to them without a rotation (named by the policy, or point handed to them).
   */
  rotations: (OnCallLoad & { rotationId: string | null; rotationName: string | null })[];
}

/** `GET /api/insights`. */
export interface InsightsView {
  from: string;
  to: string;
  rules: RuleInsight[];
  /** Pages per week (weeks start Monday, in the team's time zone). */
  weekly: { weekStart: string; pages: number }[];
  incidents: number;
  declared: number;
  /** Alert-raised incidents / all incidents; null with no incidents. */
  recall: number | null;
  people: PersonInsight[];
}

/** What one rotation's last handoff passed on: for the outgoing and the incoming primary. */
export interface HandoffSummary {
  rotationId: string;
  rotationName: string;
  handoffAt: string;
  outgoing: string;
  incoming: string;
  /** Incidents still open at the handoff, with who has point. */
  open: { id: string; title: string; point: string | null }[];
  /** What paged during the shift that ended, most often first. */
  paged: { what: string; count: number }[];
  pages: number;
  /** Pages the outgoing primary got between 22:00 and 07:00 their time. */
  outgoingNightPages: number;
  /** Notes written during the shift on incidents still open: what the next person should know. */
  notes: { incidentId: string; incidentTitle: string; author: string; text: string; at: string }[];
}

/** `GET /api/me/nudge`: looking after the person, not the pager. */
export interface Nudge {
  /** The latest page that woke this person in the last 24 hours, if any. */
  nightPageAt: string | null;
}
