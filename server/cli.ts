import { createInterface } from 'node:readline/promises';
import { join } from 'node:path';
import { hashPassword, hashToken, newToken } from './sessions/secrets.js';
import { buildClient, ROOT } from './client-build.js';
import { ConfigError, loadConfig } from './config/load.js';
import { systemClock } from './clock.js';
import { rebuildIncidentStates } from './incidents/rebuild-state.js';
import { openStore } from './store/open-store.js';

const USAGE = `onpoint commands (npm run onpoint -- COMMAND):
  set-password EMAIL   set a person's password (asks for it; or pipe it on standard input)
  hash-password        print an scrypt hash for a config's passwordHash
  new-token            make an integration token and print it with the hash for the config
  build                build the app
  rebuild              fold every incident's state again from its timeline (safe while onpoint runs)`;

/** The store onpoint itself uses, as its environment says (DATABASE_URL or the SQLite data folder). */
const openConfiguredStore = () =>
  openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.ONPOINT_DATA_DIR ?? join(ROOT, 'data') }, systemClock);

async function readSecret(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  const answer = await rl.question(process.stdin.isTTY ? prompt : '');
  rl.close();
  return answer.trim();
}

async function main(args: string[]) {
  const [command, arg] = args;
  switch (command) {
    case 'set-password': {
      const config = loadConfig();
      const email = arg?.toLowerCase();
      if (!email || !config.people.some((p) => p.email === email)) {
        throw new Error(
          `set-password needs the email of someone in ${config.file}: ${config.people.map((p) => p.email).join(', ')}`,
        );
      }
      const password = await readSecret(`New password for ${email}: `);
      if (password.length < 10) throw new Error('Use at least 10 characters');
      const store = await openConfiguredStore();
      await store.setPasswordHash(email, await hashPassword(password));
      await store.close();
      console.log(`Password set for ${email}.`);
      return;
    }
    case 'hash-password': {
      console.log(await hashPassword(await readSecret('Password: ')));
      return;
    }
    case 'new-token': {
      const token = newToken();
      console.log(`token (give it to the sender, e.g. Alertmanager's credentials): ${token}`);
      console.log(`config: token: { hash: "${hashToken(token)}" }`);
      return;
    }
    case 'build':
      buildClient();
      return;
    case 'rebuild': {
      const store = await openConfiguredStore();
      try {
        const { incidents, changed } = await rebuildIncidentStates(store);
        console.log(`Refolded every incident's state from its timeline: ${changed} of ${incidents} changed.`);
      } finally {
        await store.close();
      }
      return;
    }
    default:
      console.log(USAGE);
      if (command) process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof ConfigError ? err.message : `onpoint: ${(err as Error).message}`);
  process.exit(1);
});
