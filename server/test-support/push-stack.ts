import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../../e2e/support/onpoint-server.js';
import { PushServiceDouble } from '../../e2e/support/push-service-double.js';
import { makeTestCert, type TestCert } from '../../e2e/support/test-cert.js';
import { startInProcess, type InProcessOptions, type InProcessServer } from './in-process-server.js';

/**
 * For a Vitest file: one push-service double (with the certificate servers trust) for all its tests,
 * and `serve` (a process) or `serveInProcess` to start servers that push to it; everything stops after the file.
 */
export function usePushStack() {
  let push: PushServiceDouble | undefined;
  let cert: TestCert | undefined;
  const servers: { stop(): Promise<void> }[] = [];
  beforeAll(async () => {
    cert = makeTestCert();
    push = await new PushServiceDouble(cert).start();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await push?.stop();
  });
  return {
    /** The certificate every server started here trusts, for a second push-service double. */
    get cert(): TestCert {
      if (!cert) throw new Error('the certificate is made in beforeAll');
      return cert;
    },
    get push(): PushServiceDouble {
      if (!push) throw new Error('the push double starts in beforeAll');
      return push;
    },
    async serve(options: Omit<ServerOptions, 'pushAllowHost' | 'caCertPath'> = {}): Promise<RunningServer> {
      const server = await startServer({ ...options, pushAllowHost: this.push.host, caCertPath: cert!.certPath });
      servers.push(server);
      return server;
    },
    /** onpoint in this process, with a clock the test moves (see in-process-server.ts). */
    async serveInProcess(options: Omit<InProcessOptions, 'pushAllowHost' | 'caCertPath'>): Promise<InProcessServer> {
      const server = await startInProcess({ ...options, pushAllowHost: this.push.host, caCertPath: cert!.certPath });
      servers.push(server);
      return server;
    },
  };
}
