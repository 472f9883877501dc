import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Push-service double host:port to allow, and the certificate the server should trust. */
  pushAllowHost?: string;
  caCertPath?: string;
  dataDir?: string;
  env?: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof for a benchmark. */
  nodeArgs?: string[];
  /** The umask the server starts under (octal, e.g. '000'); the test runner's own if left out. */
  umask?: string;
}

/** Servers started and not yet stopped: a failed end-to-end test prints what they logged. */
export const runningServers = new Set<RunningServer>();

/** Starts a real onpoint server process on 127.0.0.1 with a port the OS picks and a fresh SQLite folder. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'onpoint-data-'));
  const node = [process.execPath, ...(options.nodeArgs ?? []), '--import', 'tsx', join(ROOT, 'server', 'main.ts')];
  // The shell sets the umask and becomes node (exec): the process stopped is still the server itself.
  const [command, ...args] =
    options.umask === undefined ? node : ['/bin/sh', '-c', `umask ${options.umask} && exec "$@"`, 'sh', ...node];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: '0',
      ONPOINT_DATA_DIR: dataDir,
      ONPOINT_SKIP_BUILD: '1',
      ONPOINT_PUSH_RETRY_BASE_MS: '20',
      // Tests start from an empty store; the demo history has its own test.
      ONPOINT_DEMO_HISTORY: '0',
      // Request logs (info) explain a failed end-to-end test; the config asks for them.
      LOG_LEVEL: process.env.ONPOINT_SERVER_LOG_LEVEL ?? 'warn',
      ...(options.pushAllowHost ? { ONPOINT_PUSH_ALLOW_HOSTS: options.pushAllowHost } : {}),
      ...(options.caCertPath ? { NODE_EXTRA_CA_CERTS: options.caCertPath } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${output}`)), 30_000);
    const onData = () => {
      const match = /onpoint is running: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });

  const server: RunningServer = {
    url,
    dataDir,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        runningServers.delete(server);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
  runningServers.add(server);
  return server;
}
