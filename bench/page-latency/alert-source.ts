import { Agent, request } from 'node:http';
import { alertmanagerFixture, DEMO_ALERTMANAGER_TOKEN } from '../../e2e/support/api-client.js';

const base = alertmanagerFixture('firing-single-critical.json') as { alerts: Record<string, unknown>[] } & Record<
  string,
  unknown
>;

/** The captured critical group as the nth alert of a run: its own group, fingerprint and title, so its own incident. */
export function benchAlert(n: number): { title: string; body: string } {
  const title = `bench alert ${n}`;
  const payload = {
    ...base,
    groupKey: `bench-${n}`,
    commonAnnotations: { summary: title },
    alerts: [{ ...base.alerts[0], fingerprint: `fp${n}`, annotations: { summary: title } }],
  };
  return { title, body: JSON.stringify(payload) };
}

/**
 * Keep-alive HTTP, as Alertmanager sends: node:http rather than fetch, whose per-request cost in this
 * process (which also plays the push service) would take CPU from the server on a two-core machine.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs one webhook body as Alertmanager would; true when it was answered with a 2xx. */
export function postAlert(url: URL, body: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          Authorization: `Bearer ${DEMO_ALERTMANAGER_TOKEN}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode! >= 200 && res.statusCode! < 300));
        res.on('error', () => resolve(false));
      },
    );
    req.on('error', () => resolve(false));
    req.end(body);
  });
}
