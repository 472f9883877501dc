import { z } from 'zod';
import { PASSWORD_HASH_PATTERN } from '../sessions/secrets.js';
import { isValidLocalDate, isValidTimeZone } from '../schedule/rotation.js';

/** A secret is never written in a config: it is named by an environment variable, or stored hashed. */
const TokenRef = z.union(
  [
    z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name') }),
    z.strictObject({
      hash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be "sha256:" and 64 hex digits (npm run onpoint -- hash-token)'),
    }),
  ],
  { error: 'must be { env: VARIABLE } or { hash: "sha256:…" }, never the token itself' },
);

const Person = z.strictObject({
  email: z.email().transform((e) => e.toLowerCase()),
  name: z.string().min(1),
  /** A lead may hand point off on any incident, not only their own. */
  lead: z.boolean().default(false),
  /** Optional: `npm run onpoint -- set-password EMAIL` stores one in the database instead. */
  passwordHash: z.string().regex(PASSWORD_HASH_PATTERN, 'must be an scrypt hash (npm run onpoint -- hash-password)').optional(),
  /** Where they sleep: night pages are counted on this clock. Defaults to the team's time zone. */
  timeZone: z
    .string()
    .refine((zone) => isValidTimeZone(zone), 'must be an IANA time zone such as Europe/Dublin')
    .optional(),
});

const Email = z.email().transform((e) => e.toLowerCase());

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like "12:00"');
const TimeZone = z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Dublin');

const Shift = z.strictObject({
  days: z.number().int().min(1).max(365).default(7),
  handoff: z.strictObject({
    day: z.enum(WEEKDAYS),
    time: HourMinute,
    timeZone: TimeZone,
  }),
  /** The first member's shift is the one running at the handoff on or before this date. */
  startDate: z.string().refine(isValidLocalDate, 'must be a date like 2026-11-20'),
});

const Rotation = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'must be lowercase letters, digits and dashes'),
  name: z.string().min(1),
  /** In order: the first is primary in the first shift, the next secondary. */
  members: z.array(Email).min(1),
  /** Secondaries in their own order, when they are not simply the next member. */
  secondaries: z.array(Email).min(1).optional(),
  /** Without shifts the order never turns. */
  shift: Shift.optional(),
});

/** "30s", "5m", "1h", in milliseconds: how long a level waits, or a heartbeat may stay quiet. */
const Duration = z
  .string({ error: 'must be a duration like "5m"' })
  .regex(/^\d+(s|m|h)$/, 'must be a number and s, m or h, like "5m"')
  .transform((d) => Number(d.slice(0, -1)) * { s: 1000, m: 60_000, h: 3_600_000 }[d.slice(-1) as 's' | 'm' | 'h']);

const Target = z.union(
  [
    z.literal('everyone'),
    z.strictObject({ rotation: z.string(), role: z.enum(['primary', 'secondary']).default('primary') }),
    z.strictObject({ person: Email }),
  ],
  { error: 'must be { rotation: ID, role: primary|secondary }, { person: EMAIL } or everyone' },
);

const Escalation = z.strictObject({
  /** How many more times to run through the levels before staying on the last one. */
  repeat: z.number().int().min(0).max(10).default(0),
  /** A level none of whose devices confirms the page within this long is passed over at once; "off" to wait the full level. */
  confirmWithin: z.union([z.literal('off'), Duration], { error: 'must be a duration like "2m", or off' }).optional(),
  levels: z.array(z.strictObject({ page: z.array(Target).min(1), wait: Duration })).min(1),
});

const IntegrationId = z.string().regex(/^[a-z0-9-]+$/, 'must be lowercase letters, digits and dashes');

/** Senders of alerts: each has its route, `/api/integrations/<type>`, that only its own tokens open. */
export const SENDER_TYPES = ['alertmanager', 'generic', 'grafana'] as const;
export type SenderType = (typeof SENDER_TYPES)[number];

const Sender = z.strictObject({ id: IntegrationId, type: z.enum(SENDER_TYPES), token: TokenRef });

/** A dead-man's switch: something that must report every `interval`; `grace` more and it pages. */
const Heartbeat = z.strictObject({
  id: IntegrationId,
  type: z.literal('heartbeat'),
  token: TokenRef,
  interval: Duration.refine((ms) => ms > 0, 'must be longer than 0s'),
  grace: Duration,
  /** Names it in the incident's title instead of its id: "nightly backup". */
  title: z.string().min(1).optional(),
  /** The severity label value of the missed-heartbeat alert: its paging class as for any alert. */
  severity: z.string().min(1).optional(),
  playbook: z.string().min(1).optional(),
});

const Integration = z.discriminatedUnion('type', [Sender, Heartbeat], {
  error: `must be one of ${[...SENDER_TYPES, 'heartbeat'].join(', ')}`,
});

/** What a value of the `severity` label means: `urgent: always`. Adds to the defaults, or overrides one. */
const Severities = z.record(z.string(), z.enum(['always', 'daytime', 'never'], { error: 'must be always, daytime or never' }), {
  error: 'must map severity label values to always, daytime or never, like { urgent: always }',
});

export const ConfigFile = z
  .strictObject({
    team: z.strictObject({
      name: z.string().min(1),
      /** When `daytime` alerts may page; outside these hours they wait, quietly. */
      workingHours: z
        .strictObject({
          days: z.array(z.enum(WEEKDAYS)).min(1),
          start: HourMinute,
          end: HourMinute,
          timeZone: TimeZone,
        })
        .refine((h) => h.start < h.end, { message: 'start must be before end', path: ['end'] })
        .optional(),
    }),
    /** Marks the shipped demo: printed loudly at start. */
    demo: z.boolean().default(false),
    /** The address people open; used for links in pages. Defaults to where the server listens. */
    publicUrl: z.url().optional(),
    /** The VAPID `sub` claim push services use to reach the operator. */
    contact: z.string().regex(/^(mailto:|https:)/, 'must start with mailto: or https:'),
    people: z.array(Person).min(1),
    rotations: z.array(Rotation).min(1),
    /** Without it: the first rotation's primary, then after 5 minutes its secondary. */
    escalation: Escalation.optional(),
    integrations: z.array(Integration).default([]),
    /** Severity label values → paging class, on top of the defaults; a value in neither pages always. */
    severities: Severities.default({}),
  })
  .superRefine((config, ctx) => {
    const emails = new Set<string>();
    config.people.forEach((p, i) => {
      if (emails.has(p.email))
        ctx.addIssue({ code: 'custom', path: ['people', i, 'email'], message: `${p.email} is listed twice` });
      emails.add(p.email);
    });
    config.rotations.forEach((r, i) =>
      (['members', 'secondaries'] as const).forEach((field) =>
        r[field]?.forEach((m, j) => {
          if (!emails.has(m)) {
            ctx.addIssue({ code: 'custom', path: ['rotations', i, field, j], message: `${m} is not one of people` });
          }
        }),
      ),
    );
    const rotationIds = new Set(config.rotations.map((r) => r.id));
    config.escalation?.levels.forEach((level, i) =>
      level.page.forEach((target, j) => {
        const path = ['escalation', 'levels', i, 'page', j];
        if (typeof target === 'object' && 'rotation' in target && !rotationIds.has(target.rotation)) {
          ctx.addIssue({ code: 'custom', path, message: `there is no rotation ${target.rotation}` });
        }
        if (typeof target === 'object' && 'person' in target && !emails.has(target.person)) {
          ctx.addIssue({ code: 'custom', path, message: `${target.person} is not one of people` });
        }
      }),
    );
    const severities = new Map<string, string>();
    for (const value of Object.keys(config.severities)) {
      const key = value.trim().toLowerCase();
      const same = severities.get(key);
      if (!key) ctx.addIssue({ code: 'custom', path: ['severities', value], message: 'a severity value must not be empty' });
      else if (same !== undefined) {
        const message = `is the same severity as ${same} (case does not matter)`;
        ctx.addIssue({ code: 'custom', path: ['severities', value], message });
      }
      severities.set(key, value);
    }
    const ids = new Set<string>();
    config.integrations.forEach((integration, i) => {
      if (ids.has(integration.id))
        ctx.addIssue({ code: 'custom', path: ['integrations', i, 'id'], message: `${integration.id} is used twice` });
      ids.add(integration.id);
    });
  });

export type ConfigFile = z.infer<typeof ConfigFile>;
export type PersonConfig = ConfigFile['people'][number];
export type IntegrationConfig = ConfigFile['integrations'][number];
