import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../e2e/support/onpoint-server.js';

/** Runs `npm run onpoint -- …` as an operator would, with `input` on standard input. */
export function runCli(args: string[], env: Record<string, string>, input = '') {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'cli.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    input,
    encoding: 'utf8',
  });
}
