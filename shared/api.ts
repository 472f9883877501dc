import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { PagingClass, Severity, TimelineEvent } from './timeline.js';
import { IncidentState } from './reducer.js';

/**
 * The API's bodies: what the server takes (parsed with these schemas) and what it answers (its routes
 * are typed with them, and the app parses every answer with them, so a mismatch is an error, not an
 * undefined on screen).
 */

/** An answer with no body (204). */
export const NoContent = lazySchema(() => z.undefined());

export const LoginBody = lazySchema(() =>
  z.object({
    email: z.email().transform((e) => e.toLowerCase()),
    password: z.string().min(1).max(1024),
  }),
);

export const Me = lazySchema(() => z.object({ email: z.string(), name: z.string() }));
export type Me = z.infer<typeof Me>;

/** `GET /api/me`: who this session belongs to, `null` for nobody (not a 401: the login screen asks it first). */
export const WhoAmI = lazySchema(() => z.object({ person: Me.nullable() }));
export type WhoAmI = z.infer<typeof WhoAmI>;

/** `GET /api/team`: everyone on the team; device counts say who can actually be reached. */
export const Team = lazySchema(() =>
  z.object({
    name: z.string(),
    people: z.array(z.object({ email: z.string(), name: z.string(), lead: z.boolean(), devices: z.number() })),
  }),
);
export type Team = z.infer<typeof Team>;

/** `GET /api/session`: this device's session. `startedAt` is null for sessions older than the record of it. */
export const SessionView = lazySchema(() => z.object({ startedAt: z.string().nullable(), expiresAt: z.string() }));
export type SessionView = z.infer<typeof SessionView>;

/** `GET /api/calendars`: the person's own calendar feed links; each carries its private token. */
export const CalendarLinks = lazySchema(() =>
  z.object({
    mine: z.string(),
    rotations: z.array(z.object({ id: z.string(), name: z.string(), url: z.string() })),
  }),
);
export type CalendarLinks = z.infer<typeof CalendarLinks>;

export const PushSubscriptionJson = lazySchema(() =>
  z.object({
    endpoint: z.url({ protocol: /^https$/, message: 'endpoint must be an https URL' }).max(2048),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({
      p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}=*$/, 'keys.p256dh must be a base64url P-256 key'),
      auth: z.string().regex(/^[A-Za-z0-9_-]{16,24}=*$/, 'keys.auth must be a base64url 16-byte secret'),
    }),
  }),
);
export type PushSubscriptionJson = z.infer<typeof PushSubscriptionJson>;

/**
 * The registered device a new subscription takes the place of (the browser rotated it): by its id, or
 * by the endpoint it had. The device keeps its id and name, so pages queued for it go to the new endpoint.
 */
export const DeviceReplaces = lazySchema(() =>
  z
    .object({
      deviceId: z.string().min(1).max(64).optional(),
      endpoint: z.string().min(1).max(2048).optional(),
    })
    .refine((r) => r.deviceId !== undefined || r.endpoint !== undefined, { message: 'give deviceId or endpoint' }),
);
export type DeviceReplaces = z.infer<typeof DeviceReplaces>;

/** `POST /api/devices`: a new device, or with `replaces` a new subscription for one already registered. */
export const DeviceBody = lazySchema(() =>
  z
    .object({
      /** Left out when replacing: the device keeps its name. */
      name: z.string().trim().min(1).max(80).optional(),
      subscription: PushSubscriptionJson,
      replaces: DeviceReplaces.optional(),
    })
    .refine((b) => b.name !== undefined || b.replaces !== undefined, {
      message: 'a new device needs a name',
      path: ['name'],
    }),
);
export type DeviceBody = z.infer<typeof DeviceBody>;

export const Device = lazySchema(() =>
  z.object({
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
  }),
);
export type Device = z.infer<typeof Device>;

/** `GET /api/devices`. */
export const DeviceList = lazySchema(() => z.object({ devices: z.array(Device) }));

/** `GET /api/push/key`: the server's VAPID public key (base64url). */
export const PushKey = lazySchema(() => z.object({ publicKey: z.string() }));

/** `POST /api/push/test`: what became of the test page on each of the person's devices. */
export const TestPageResults = lazySchema(() =>
  z.object({
    results: z.array(
      z.object({
        deviceId: z.string(),
        deviceName: z.string(),
        ok: z.boolean(),
        reason: z.string().optional(),
        deviceRemoved: z.boolean().optional(),
      }),
    ),
  }),
);
export type TestPageResult = z.infer<typeof TestPageResults>['results'][number];

export const ReceiptBody = lazySchema(() => z.object({ receipt: z.string().min(20).max(200) }));

/** The alert as a person reads it on the incident screen. */
export const AlertDetail = lazySchema(() =>
  z.object({
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
  }),
);
export type AlertDetail = z.infer<typeof AlertDetail>;

/** A link a sender attached to its alert: a build log, a Grafana panel. */
export const AlertLink = lazySchema(() => z.object({ title: z.string(), url: z.string() }));
export type AlertLink = z.infer<typeof AlertLink>;

export const IncidentDetails = lazySchema(() =>
  z.object({
    source: z.string(),
    summary: z.string().optional(),
    description: z.string().optional(),
    runbookUrl: z.string().optional(),
    dashboardUrl: z.string().optional(),
    generatorUrl: z.string().optional(),
    externalUrl: z.string().optional(),
    /** More links from the sender, shown beside the runbook and dashboard (absent before the generic webhook and Grafana). */
    links: z.array(AlertLink).optional(),
    alerts: z.array(AlertDetail),
    /** Alerts of the group that the sender left out of the payload. */
    truncatedAlerts: z.number().int().nonnegative(),
    /** Alerts onpoint did not keep: a group holds at most 100 (absent before that bound). */
    droppedAlerts: z.number().int().nonnegative().optional(),
    /** The labels the source grouped the alerts by ("cluster=eu-1"); absent for incidents from before they were kept. */
    groupLabels: z.record(z.string(), z.string()).optional(),
    /**
     * The same group opened incidents before, within a day: this is its `times`th in that day, the first at
     * `firstAt`. Absent when it is the first.
     */
    reopened: z.object({ times: z.number().int().min(2), firstAt: z.string() }).optional(),
  }),
);
export type IncidentDetails = z.infer<typeof IncidentDetails>;

export const IncidentSummary = lazySchema(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    severity: Severity,
    pagingClass: PagingClass,
    playbook: z.string().nullable(),
    createdAt: z.string(),
    state: IncidentState,
  }),
);
export type IncidentSummary = z.infer<typeof IncidentSummary>;

/** `GET /api/incidents`: the newest first. */
export const IncidentList = lazySchema(() => z.object({ incidents: z.array(IncidentSummary) }));

const PlaybookSummary = lazySchema(() =>
  z.object({
    slug: z.string(),
    title: z.string(),
    alerts: z.array(z.string()),
    impact: z.string().nullable(),
  }),
);

/** `GET /api/playbooks`: each with its ETag, so a device downloads only the ones that changed. */
export const PlaybookListEntry = lazySchema(() => PlaybookSummary.extend({ etag: z.string() }));
export type PlaybookListEntry = z.infer<typeof PlaybookListEntry>;
export const PlaybookList = lazySchema(() => z.object({ playbooks: z.array(PlaybookListEntry) }));

/** `GET /api/playbooks/:slug`. */
export const Playbook = lazySchema(() =>
  PlaybookSummary.extend({
    dashboards: z.array(z.object({ title: z.string(), url: z.string() })),
    /** Rendered from Markdown on the server with raw HTML disabled: safe to insert. */
    html: z.string(),
  }),
);
export type Playbook = z.infer<typeof Playbook>;

/** An earlier incident of the same alert rule: how it went last time. */
export const PastIncident = lazySchema(() =>
  z.object({
    id: z.string(),
    createdAt: z.string(),
    point: z.string().nullable(),
    durationMs: z.number().nullable(),
    resolutionNote: z.string().nullable(),
    actionable: z.boolean().nullable(),
  }),
);
export type PastIncident = z.infer<typeof PastIncident>;

/** `GET /api/incidents/:id/history`. */
export const IncidentHistory = lazySchema(() => z.object({ history: z.array(PastIncident) }));

/** `GET /api/incidents/:id`. */
export const IncidentView = lazySchema(() =>
  IncidentSummary.extend({
    details: IncidentDetails,
    timeline: z.array(TimelineEvent),
    playbookContent: Playbook.nullable(),
  }),
);
export type IncidentView = z.infer<typeof IncidentView>;

/** `POST /api/incidents`: the incident declared, or the one this id declared before. */
export const Declared = lazySchema(() => z.object({ incidentId: z.string(), created: z.boolean() }));

/** `POST /api/incidents`: an incident a person declares, one the alerts did not raise. */
export const DeclareBody = lazySchema(() =>
  z.object({
    id: z.uuid({ message: 'id must be a UUID made by the client' }),
    title: z.string().trim().min(3, 'say in a few words what is wrong').max(200),
    severity: Severity,
    /** Who takes point; the person declaring if left out. */
    point: z
      .email()
      .transform((e) => e.toLowerCase())
      .optional(),
    summary: z.string().trim().max(4000).optional(),
  }),
);

/** One rotation's on-call now, as `GET /api/oncall` reports it. */
export const OnCallNow = lazySchema(() =>
  z.object({
    rotationId: z.string(),
    name: z.string(),
    primary: z.string(),
    secondary: z.string().nullable(),
    /** When someone else becomes primary; null if nobody else ever will. */
    primaryUntil: z.string().nullable(),
    shiftEnd: z.string().nullable(),
    nextPrimary: z.string(),
    /** The next regular shifts, overrides aside. */
    upcoming: z.array(z.object({ start: z.string(), end: z.string(), primary: z.string(), secondary: z.string().nullable() })),
  }),
);
export type OnCallNow = z.infer<typeof OnCallNow>;
/**
 * Who each level of the escalation policy pages now (emails, level by level), and the last step of a climb
 * (`levels.length * (repeat + 1) - 1`): what the Escalate button names before it is tapped.
 */
export const EscalationNow = lazySchema(() => z.object({ levels: z.array(z.array(z.string())), lastStep: z.number().int() }));
export type EscalationNow = z.infer<typeof EscalationNow>;
export const OnCall = lazySchema(() => z.object({ rotations: z.array(OnCallNow), escalation: EscalationNow }));
export type OnCall = z.infer<typeof OnCall>;

export const OverrideBody = lazySchema(() =>
  z
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
    }),
);

/** `POST /api/overrides`, and each of `GET /api/overrides`. */
export const OverrideView = lazySchema(() =>
  z.object({
    id: z.string(),
    rotationId: z.string(),
    role: z.enum(['primary', 'secondary']),
    person: z.string(),
    start: z.string(),
    end: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
  }),
);
export type OverrideView = z.infer<typeof OverrideView>;
export const OverrideList = lazySchema(() => z.object({ overrides: z.array(OverrideView) }));

/** Every refusal onpoint sends: `{error: {code, message}}`. */
export const ApiErrorBody = lazySchema(() => z.object({ error: z.object({ code: z.string(), message: z.string() }) }));
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** `POST /api/incidents/:id/actions`. */
export const ActionResult = lazySchema(() =>
  z.object({
    event: TimelineEvent,
    state: IncidentState,
    /** False when this action id had been recorded before: the replay changed nothing. */
    created: z.boolean(),
  }),
);
export type ActionResult = z.infer<typeof ActionResult>;

/** `POST /api/integrations/alertmanager`: what became of the alert group (no incident for a resolve of nothing). */
export const IngestResult = lazySchema(() =>
  z.object({
    incidentId: z.string().nullable(),
    outcome: z.enum(['opened', 'updated', 'resolved', 'duplicate']),
  }),
);
export type IngestResult = z.infer<typeof IngestResult>;

/** `POST /api/integrations/heartbeat/:id`: the beat is recorded; a missed beat pages after `nextDeadline`. */
export const BeatResult = lazySchema(() => z.object({ heartbeat: z.string(), beatAt: z.string(), nextDeadline: z.string() }));
export type BeatResult = z.infer<typeof BeatResult>;

/** A heartbeat as Settings shows it. */
export const HeartbeatView = lazySchema(() =>
  z.object({
    id: z.string(),
    /** Its title, or its id. */
    name: z.string(),
    intervalMs: z.number(),
    graceMs: z.number(),
    /** Null until it first beats. */
    lastBeatAt: z.string().nullable(),
    /** When it pages unless it beats first; once missed, when it was due. */
    dueAt: z.string(),
    /** Its deadline passed without a beat and paged; the next beat clears it. */
    missed: z.boolean(),
  }),
);
export type HeartbeatView = z.infer<typeof HeartbeatView>;
export const HeartbeatList = lazySchema(() => z.object({ heartbeats: z.array(HeartbeatView) }));
export type HeartbeatList = z.infer<typeof HeartbeatList>;

/** An alert rule, the unit alert quality is judged by: the alert's name and the service it watches. */
export const AlertRule = lazySchema(() => z.object({ alertname: z.string(), service: z.string().nullable() }));
export type AlertRule = z.infer<typeof AlertRule>;

export const RuleInsight = lazySchema(() =>
  z.object({
    rule: AlertRule,
    pages: z.number(),
    actionable: z.number(),
    notActionable: z.number(),
    unanswered: z.number(),
    /** Actionable share of the answered pages; null until someone has answered. */
    precision: z.number().nullable(),
    medianAckMs: z.number().nullable(),
    medianResolveMs: z.number().nullable(),
    outOfHours: z.number(),
    /** Resolved by the alert source before anyone did anything. */
    resolvedWithoutAction: z.number(),
    /** Pages whose alert group had opened an incident in the day before: the rule flaps. */
    reopened: z.number(),
    /** A plain suggestion, or null when the rule looks healthy. */
    hint: z.string().nullable(),
  }),
);
export type RuleInsight = z.infer<typeof RuleInsight>;

/** What being on call cost one person: pages, pages at night, and night hours holding point. */
export const OnCallLoad = lazySchema(() =>
  z.object({
    pages: z.number(),
    /** Pages between 22:00 and 07:00 in the person's own time zone. */
    nightPages: z.number(),
    /** Hours this person had point on an acknowledged, still-open incident between 22:00 and 07:00 their time. */
    nightHoursOnPoint: z.number(),
  }),
);
export type OnCallLoad = z.infer<typeof OnCallLoad>;

export const PersonInsight = lazySchema(() =>
  OnCallLoad.extend({
    email: z.string(),
    /**
     * The same, per rotation: each rotation they are in, and any other that paged them; `rotationId` null for
     * pages and point that came to them without a rotation (named by the policy, or point handed to them).
     */
    rotations: z.array(OnCallLoad.extend({ rotationId: z.string().nullable(), rotationName: z.string().nullable() })),
  }),
);
export type PersonInsight = z.infer<typeof PersonInsight>;

/** `GET /api/insights`. */
export const InsightsView = lazySchema(() =>
  z.object({
    from: z.string(),
    to: z.string(),
    rules: z.array(RuleInsight),
    /** Pages per week (weeks start Monday, in the team's time zone). */
    weekly: z.array(z.object({ weekStart: z.string(), pages: z.number() })),
    incidents: z.number(),
    declared: z.number(),
    /** Alert-raised incidents / all incidents; null with no incidents. */
    recall: z.number().nullable(),
    people: z.array(PersonInsight),
  }),
);
export type InsightsView = z.infer<typeof InsightsView>;

/** What one rotation's last handoff passed on: for the outgoing and the incoming primary. */
export const HandoffSummary = lazySchema(() =>
  z.object({
    rotationId: z.string(),
    rotationName: z.string(),
    handoffAt: z.string(),
    outgoing: z.string(),
    incoming: z.string(),
    /** Incidents still open at the handoff, with who has point. */
    open: z.array(z.object({ id: z.string(), title: z.string(), point: z.string().nullable() })),
    /** What paged during the shift that ended, most often first. */
    paged: z.array(z.object({ what: z.string(), count: z.number() })),
    pages: z.number(),
    /** Pages the outgoing primary got between 22:00 and 07:00 their time. */
    outgoingNightPages: z.number(),
    /** Notes written during the shift on incidents still open: what the next person should know. */
    notes: z.array(
      z.object({ incidentId: z.string(), incidentTitle: z.string(), author: z.string(), text: z.string(), at: z.string() }),
    ),
  }),
);
export type HandoffSummary = z.infer<typeof HandoffSummary>;

/** `GET /api/handoffs`. */
export const HandoffList = lazySchema(() => z.object({ handoffs: z.array(HandoffSummary) }));

/** `GET /api/me/nudge`: looking after the person, not the pager. */
export const Nudge = lazySchema(() =>
  z.object({
    /** The latest page that woke this person in the last 24 hours, if any. */
    nightPageAt: z.string().nullable(),
  }),
);
export type Nudge = z.infer<typeof Nudge>;
