import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { describeIssues, plainWords } from '../http/plain-issues.js';
import { DEFAULT_CONFIRM_WITHIN_MS, defaultPolicy, type Policy, type Target } from '../escalation/policy.js';
import type { Rotation } from '../schedule/rotation.js';
import type { WorkingHours } from '../schedule/working-hours.js';
import { severityClasses, type SeverityClasses } from '../integrations/severity-classes.js';
import { ConfigFile, WEEKDAYS, type SenderType, type PersonConfig } from './schema.js';

export const DEMO_CONFIG_PATH = fileURLToPath(new URL('../demo/onpoint.yaml', import.meta.url));

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is not a valid onpoint config:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** What a heartbeat integration expects: a beat every `intervalMs`, paging `graceMs` after one is missed. */
export interface HeartbeatSettings {
  intervalMs: number;
  graceMs: number;
  title: string | null;
  severity: string | null;
  playbook: string | null;
}

/** An integration whose token is resolved: the hash to compare bearer tokens against. */
export type Integration = {
  id: string;
  tokenHash: string | null;
  tokenEnv: string | null;
} & ({ type: SenderType } | { type: 'heartbeat'; heartbeat: HeartbeatSettings });

export interface Config {
  file: string;
  demo: boolean;
  teamName: string;
  publicUrl: string | undefined;
  contact: string;
  people: PersonConfig[];
  rotations: Rotation[];
  integrations: Integration[];
  /** Severity label value → paging class: the defaults with the config's `severities:` on top. */
  severities: SeverityClasses;
  escalation: Policy;
  workingHours: WorkingHours | undefined;
  /** The team's clock: working hours', else the first rotation's handoff zone, else UTC. */
  timeZone: string;
}

/** A person's name for sentences; their email if they are not (or no longer) on the team. */
export function personName(config: Pick<Config, 'people'>, email: string): string {
  return config.people.find((p) => p.email === email)?.name ?? email;
}

/** The clock a person lives by: their own `timeZone`, else the team's. */
export function personTimeZone(config: Pick<Config, 'people' | 'timeZone'>, email: string): string {
  return config.people.find((p) => p.email === email)?.timeZone ?? config.timeZone;
}

/** Parses and validates config text; every problem names the field and what is wrong. */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): Config {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => e.message.split('\n')[0]),
    );
  }
  const parsed = ConfigFile.safeParse(doc.toJS() ?? {}, { error: plainWords });
  if (!parsed.success) throw new ConfigError(file, describeIssues(parsed.error.issues));
  const config = parsed.data;

  const problems: string[] = [];
  const integrations = config.integrations.map((integration, i): Integration => {
    const kind =
      integration.type === 'heartbeat'
        ? {
            type: integration.type,
            heartbeat: {
              intervalMs: integration.interval,
              graceMs: integration.grace,
              title: integration.title ?? null,
              severity: integration.severity ?? null,
              playbook: integration.playbook ?? null,
            },
          }
        : { type: integration.type };
    if ('hash' in integration.token) return { id: integration.id, ...kind, tokenHash: integration.token.hash, tokenEnv: null };
    const name = integration.token.env;
    if (!env[name]) problems.push(`integrations[${i}].token.env: environment variable ${name} is not set`);
    return { id: integration.id, ...kind, tokenHash: null, tokenEnv: name };
  });
  if (problems.length > 0) throw new ConfigError(file, problems);

  const rotations = config.rotations.map((r): Rotation => ({
    id: r.id,
    name: r.name,
    members: r.members,
    secondaryOrder: r.secondaries,
    shift: r.shift && {
      days: r.shift.days,
      startDate: r.shift.startDate,
      handoff: {
        weekday: WEEKDAYS.indexOf(r.shift.handoff.day) + 1,
        time: r.shift.handoff.time,
        timeZone: r.shift.handoff.timeZone,
      },
    },
  }));
  const escalation: Policy = config.escalation
    ? {
        repeat: config.escalation.repeat,
        confirmWithinMs:
          config.escalation.confirmWithin === 'off' ? null : (config.escalation.confirmWithin ?? DEFAULT_CONFIRM_WITHIN_MS),
        levels: config.escalation.levels.map((level) => ({
          delayMs: level.wait,
          targets: level.page.map((t): Target =>
            t === 'everyone'
              ? { kind: 'everyone' }
              : 'person' in t
                ? { kind: 'person', email: t.person }
                : { kind: 'rotation', rotationId: t.rotation, role: t.role },
          ),
        })),
      }
    : defaultPolicy(rotations);

  return {
    file,
    demo: config.demo,
    teamName: config.team.name,
    publicUrl: config.publicUrl,
    contact: config.contact,
    people: config.people,
    rotations,
    escalation,
    timeZone: config.team.workingHours?.timeZone ?? rotations.find((r) => r.shift)?.shift?.handoff.timeZone ?? 'UTC',
    workingHours: config.team.workingHours && {
      ...config.team.workingHours,
      days: config.team.workingHours.days.map((d) => WEEKDAYS.indexOf(d) + 1),
    },
    integrations,
    severities: severityClasses(config.severities),
  };
}

export function loadConfig(file: string = process.env.ONPOINT_CONFIG || DEMO_CONFIG_PATH): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot read the file: ${(err as Error).message}`]);
  }
  return parseConfig(text, file);
}
