import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerFixture, ApiClient, postAlertmanager } from '../../e2e/support/api-client.js';
import { startServer, type RunningServer } from '../../e2e/support/onpoint-server.js';
import { openEventStream } from '../../e2e/support/sse.js';

/** A login whose body arrives a byte every 50 ms, as a slow-body attack sends it; resolves with what came back when the server closes it. */
function trickleLogin(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({ email: 'alice@example.com', password: 'x'.repeat(10_000) });
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    let sent = 0;
    let trickle: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(
        `POST /api/login HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      trickle = setInterval(() => socket.write(body[sent++]), 50);
    });
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      clearInterval(trickle);
    });
    // The server stops reading when it answers: bytes still on their way then make the connection reset (seen in
    // CI), after the answer. Only a reset before any answer is a failure; 'close' follows either way.
    socket.on('error', (err) => !answer && reject(err));
    socket.on('close', () => {
      clearInterval(trickle);
      if (sent >= body.length) reject(new Error('the whole slow body was taken'));
      resolve(answer);
    });
  });
}

describe('slow clients', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { ONPOINT_REQUEST_TIMEOUT_MS: '1500', ONPOINT_HEADERS_TIMEOUT_MS: '1000' } });
  });
  afterAll(() => server?.stop());

  it('cuts off a login body trickled byte by byte, while a live stream opened before it keeps receiving events', async () => {
    const alice = await new ApiClient(server.url).login('alice@example.com');
    const stream = await openEventStream(`${server.url}/api/events`, { Cookie: alice.sessionCookie });
    try {
      const answer = await trickleLogin(server.url);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);

      // The stream has now been open longer than the request timeout, and still gets what happens next.
      const fired = await postAlertmanager(server.url, {
        ...alertmanagerFixture('firing-single-critical.json'),
        groupKey: 'slow',
      });
      expect(await stream.waitFor(fired.body.incidentId as string)).toContain('event: timeline');
    } finally {
      stream.close();
    }
  });

  it('refuses to start with a timeout that is not a positive number', async () => {
    const error = await startServer({ env: { ONPOINT_REQUEST_TIMEOUT_MS: 'soon' } }).then(
      (started) => started.stop().then(() => null),
      (err: Error) => err.message,
    );
    expect(error).toContain('ONPOINT_REQUEST_TIMEOUT_MS must be a positive number, not "soon"');
  });
});
