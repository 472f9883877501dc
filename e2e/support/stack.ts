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
