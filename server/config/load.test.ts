import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../client-build.js';
import { ConfigError, DEMO_CONFIG_PATH, loadConfig, parseConfig } from './load.js';

const valid = `
team: { name: Ops }
contact: mailto:ops@example.com
people:
  - { email: Alice@Example.com, name: Alice }
rotations:
  - { id: ops, name: Ops, members: [alice@example.com] }
integrations:
  - { id: am, type: alertmanager, token: { env: AM_TOKEN } }
`;

function problems(text: string, env: NodeJS.ProcessEnv = { AM_TOKEN: 'x' }): string[] {
  try {
    parseConfig(text, 'team.yaml', env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('team.yaml');
    return (err as ConfigError).problems;
  }
  throw new Error('expected the config to be refused');
}

describe('config', () => {
  it('loads the shipped demo team: three people, Alertmanager token stored as a hash', () => {
    const config = loadConfig(DEMO_CONFIG_PATH);
    expect(config.demo).toBe(true);
    expect(config.people.map((p) => p.email)).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com']);
    expect(config.rotations[0].members.slice(0, 2)).toEqual(['alice@example.com', 'bob@example.com']);
    expect(config.integrations[0].tokenHash).toMatch(/^sha256:/);
  });

  it('accepts a valid config and normalises emails', () => {
    const config = parseConfig(valid, 'team.yaml', { AM_TOKEN: 'secret' });
    expect(config.people[0].email).toBe('alice@example.com');
    expect(config.integrations[0].tokenEnv).toBe('AM_TOKEN');
  });

  it('reads generic and Grafana integrations, with tokens by the same rules', () => {
    const text = valid.replace(
      'integrations:\n',
      'integrations:\n  - { id: ci, type: generic, token: { env: CI_TOKEN } }\n' +
        `  - { id: grafana, type: grafana, token: { hash: 'sha256:${'ab'.repeat(32)}' } }\n`,
    );
    const config = parseConfig(text, 'team.yaml', { AM_TOKEN: 'x', CI_TOKEN: 'y' });
    expect(config.integrations.map((i) => [i.id, i.type])).toEqual([
      ['ci', 'generic'],
      ['grafana', 'grafana'],
      ['am', 'alertmanager'],
    ]);
    expect(problems(text, { AM_TOKEN: 'x' })).toEqual(['integrations[0].token.env: environment variable CI_TOKEN is not set']);
  });

  it('names the integration types there are', () => {
    expect(problems(valid.replace('type: alertmanager', 'type: pagerduty'))).toEqual([
      'integrations[0].type: must be one of alertmanager, generic, grafana, heartbeat',
    ]);
  });

  it('names the field when a rotation lists someone who is not on the team', () => {
    expect(problems(valid.replace('members: [alice@example.com]', 'members: [alice@example.com, zed@example.com]'))).toEqual([
      'rotations[0].members[1]: zed@example.com is not one of people',
    ]);
  });

  it('refuses a plain token in the config', () => {
    const [problem] = problems(valid.replace('token: { env: AM_TOKEN }', 'token: hunter2'));
    expect(problem).toMatch(/^integrations\[0\]\.token: .*never the token itself/);
  });

  describe('heartbeats', () => {
    const heartbeat = (fields: string) =>
      `${valid}  - { id: nightly-backup, type: heartbeat, token: { env: AM_TOKEN }, ${fields} }\n`;

    it('reads interval, grace, title, severity and playbook', () => {
      const config = parseConfig(
        heartbeat('interval: 24h, grace: 90s, title: Nightly backup, severity: warning, playbook: backups'),
        'team.yaml',
        { AM_TOKEN: 'x' },
      );
      expect(config.integrations[1]).toEqual({
        id: 'nightly-backup',
        type: 'heartbeat',
        tokenHash: null,
        tokenEnv: 'AM_TOKEN',
        heartbeat: { intervalMs: 86_400_000, graceMs: 90_000, title: 'Nightly backup', severity: 'warning', playbook: 'backups' },
      });
    });

    it('names the field when a duration is missing or not a duration', () => {
      expect(problems(heartbeat('interval: 5m'))).toEqual(['integrations[1].grace: must be a duration like "5m"']);
      expect(problems(heartbeat('interval: 1d, grace: 5m'))).toEqual([
        'integrations[1].interval: must be a number and s, m or h, like "5m"',
      ]);
      expect(problems(heartbeat('interval: 0s, grace: 5m'))).toEqual(['integrations[1].interval: must be longer than 0s']);
    });
  });

  it('says which environment variable is missing', () => {
    expect(problems(valid, {})).toEqual(['integrations[0].token.env: environment variable AM_TOKEN is not set']);
  });

  it('refuses a password that is not an scrypt hash', () => {
    const [problem] = problems(valid.replace('name: Alice }', 'name: Alice, passwordHash: onpoint-demo }'));
    expect(problem).toMatch(/^people\[0\]\.passwordHash: must be an scrypt hash/);
  });

  it('refuses unknown fields, so a typo does not silently do nothing', () => {
    const [problem] = problems(valid.replace('team: { name: Ops }', 'team: { name: Ops, timezone: UTC }'));
    expect(problem).toBe('team.timezone: is not a known field');
  });

  it('reports YAML syntax errors', () => {
    expect(problems('team: [unclosed')[0]).toMatch(/./);
  });

  it('names the file it cannot read', () => {
    expect(() => loadConfig('/nonexistent/onpoint.yaml')).toThrow(/\/nonexistent\/onpoint.yaml.*cannot read/s);
  });
});

describe('severities in the config', () => {
  const withSeverities = (map: string) => `${valid}severities: ${map}\n`;

  it('adds to and overrides the default mapping, keys in any case', () => {
    const { severities } = parseConfig(withSeverities('{ Urgent: always, low: never, warning: always }'), 'team.yaml', {
      AM_TOKEN: 'x',
    });
    expect(severities.get('urgent')).toBe('always');
    expect(severities.get('low')).toBe('never');
    expect(severities.get('warning')).toBe('always');
    expect(severities.get('p3')).toBe('daytime');
    expect(severities.get('banana')).toBeUndefined();
  });

  it('uses the defaults without a severities map', () => {
    const { severities } = parseConfig(valid, 'team.yaml', { AM_TOKEN: 'x' });
    expect(severities.get('critical')).toBe('always');
    expect(severities.get('warning')).toBe('daytime');
    expect(severities.get('info')).toBe('never');
  });

  it('names the severity whose class is not one', () => {
    expect(problems(withSeverities('{ urgent: always, low: quiet }'))).toEqual([
      'severities.low: must be always, daytime or never',
    ]);
  });

  it('refuses the same severity twice in different case, and a list instead of a map', () => {
    expect(problems(withSeverities('{ urgent: always, URGENT: never }'))).toEqual([
      'severities.URGENT: is the same severity as urgent (case does not matter)',
    ]);
    expect(problems(withSeverities('[urgent, low]'))).toEqual([
      'severities: must map severity label values to always, daytime or never, like { urgent: always }',
    ]);
  });
});

describe('rotation shifts in the config', () => {
  const withShift = (shift: string) =>
    valid.replace(
      '  - { id: ops, name: Ops, members: [alice@example.com] }',
      `  - id: ops\n    name: Ops\n    members: [alice@example.com]\n    shift: ${shift}`,
    );

  it('reads a weekly Friday 12:00 Europe/Dublin handoff', () => {
    const config = parseConfig(
      withShift('{ handoff: { day: friday, time: "12:00", timeZone: Europe/Dublin }, startDate: 2026-11-20 }'),
      'team.yaml',
      {
        AM_TOKEN: 'x',
      },
    );
    expect(config.rotations[0].shift).toEqual({
      days: 7,
      startDate: '2026-11-20',
      handoff: { weekday: 5, time: '12:00', timeZone: 'Europe/Dublin' },
    });
  });

  it('names a wrong time zone, time and date', () => {
    expect(
      problems(withShift('{ handoff: { day: friday, time: "25:00", timeZone: Europe/Dublinn }, startDate: 2026-13-01 }')),
    ).toEqual([
      'rotations[0].shift.handoff.time: must be a 24-hour time like "12:00"',
      'rotations[0].shift.handoff.timeZone: must be an IANA time zone such as Europe/Dublin',
      'rotations[0].shift.startDate: must be a date like 2026-11-20',
    ]);
  });
});

describe('the README', () => {
  it('shows a complete config that onpoint accepts', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = /### A complete config\s+```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const tokens = {
      ONPOINT_ALERTMANAGER_TOKEN: 'a',
      ONPOINT_GRAFANA_TOKEN: 'g',
      ONPOINT_CI_TOKEN: 'c',
      ONPOINT_BACKUP_TOKEN: 'b',
    };
    const config = parseConfig(example!, 'README.md', tokens);
    expect(config.integrations.map((i) => i.type)).toEqual(['alertmanager', 'grafana', 'generic', 'heartbeat']);
    expect(config.escalation.levels).toHaveLength(4);
    expect(config.rotations[0].shift?.handoff).toEqual({ weekday: 5, time: '12:00', timeZone: 'Europe/Dublin' });
    expect(config.workingHours?.days).toEqual([1, 2, 3, 4, 5]);
  });
});
