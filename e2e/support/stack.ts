import { test } from '@playwright/test';
import { startServer, type RunningServer, type ServerOptions } from './onpoint-server.js';
import { PushServiceDouble } from './push-service-double.js';
import { makeTestCert } from './test-cert.js';

export interface Stack {
  server: RunningServer;
  push: PushServiceDouble;
  stop(): Promise<void>;
}

/** A real onpoint server that trusts, and may push to, a fresh local push-service double. */
export async function startStack(options: Omit<ServerOptions, 'pushAllowHost' | 'caCertPath'> = {}): Promise<Stack> {
  const cert = makeTestCert();
  const push = await new PushServiceDouble(cert).start();
  const server = await startServer({ ...options, pushAllowHost: push.host, caCertPath: cert.certPath });
  return {
    server,
    push,
    async stop() {
      await server.stop();
      await push.stop();
    },
  };
}

/** For a Playwright spec file: one stack for all its tests, started before and stopped after them. */
export function useStack(options: () => Parameters<typeof startStack>[0] = () => ({})): {
  readonly server: RunningServer;
  readonly push: PushServiceDouble;
} {
  let stack: Stack | undefined;
  test.beforeAll(async () => {
    stack = await startStack(options());
  });
  test.afterAll(() => stack?.stop());
  const started = () => {
    if (!stack) throw new Error('the stack starts in beforeAll');
    return stack;
  };
  return {
    get server() {
      return started().server;
    },
    get push() {
      return started().push;
    },
  };
}
