import { afterAll, beforeAll } from 'vitest';
import { ApiClient } from '../../e2e/support/api-client.js';
import { startServer, type RunningServer, type ServerOptions } from '../../e2e/support/onpoint-server.js';

/** For a Vitest file: one real server process for all its tests, started before and stopped after them. */
export function useOneServer(options: ServerOptions = {}) {
  let server: RunningServer | undefined;
  beforeAll(async () => {
    server = await startServer(options);
  });
  afterAll(() => server?.stop());
  const started = () => {
    if (!server) throw new Error('the server starts in beforeAll');
    return server;
  };
  return {
    get url() {
      return started().url;
    },
    /** A person's logged-in HTTP session against it. */
    logIn: (email: string) => new ApiClient(started().url).login(email),
  };
}
