import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './onpoint-server.js';

export const DEMO_PASSWORD = 'onpoint-demo';
export const DEMO_ALERTMANAGER_TOKEN = 'demo-alertmanager-token';
export const DEMO_GENERIC_TOKEN = 'demo-generic-token';
export const DEMO_GRAFANA_TOKEN = 'demo-grafana-token';

/**
 * Real Alertmanager captures, copied from the project's shared fixtures (../shared/fixtures) so that a
 * clone tests on its own, wherever it is checked out.
 */
export function alertmanagerFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'e2e', 'fixtures', 'alertmanager', name), 'utf8'));
}

/** The captured critical Alertmanager group, renamed and at another severity: a separate incident. */
export function alertAt(severity: 'critical' | 'warning', summary: string) {
  const payload = alertmanagerFixture('firing-single-critical.json') as {
    alerts: { labels: Record<string, string>; annotations: Record<string, string>; fingerprint: string }[];
    commonLabels: Record<string, string>;
    commonAnnotations: Record<string, string>;
  };
  const [alert] = payload.alerts;
  const labels = { ...alert.labels, alertname: summary.replace(/\W/g, ''), severity };
  return {
    ...payload,
    groupKey: `{}:{alertname="${labels.alertname}"}`,
    alerts: [{ ...alert, labels, annotations: { ...alert.annotations, summary }, fingerprint: labels.alertname.slice(0, 16) }],
    commonLabels: labels,
    commonAnnotations: { ...payload.commonAnnotations, summary },
  };
}

/** Grafana's documented webhook contact point body (see e2e/fixtures/grafana/README.md). */
export function grafanaFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'e2e', 'fixtures', 'grafana', name), 'utf8'));
}

/** A person's HTTP session against a running server, cookie included, the way the app talks to it. */
export class ApiClient {
  private cookie = '';

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(this.cookie ? { Cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  async login(email: string, password = DEMO_PASSWORD) {
    const response = await this.request('POST', '/api/login', { email, password });
    if (response.status !== 200) throw new Error(`login failed: ${JSON.stringify(response.body)}`);
    return this;
  }

  get sessionCookie(): string {
    return this.cookie;
  }
}

/** What a sender posts to `/api/integrations/<type>` with its bearer token. */
export function postIntegration(baseUrl: string, type: string, payload: unknown, token: string) {
  return new ApiClient(baseUrl).request('POST', `/api/integrations/${type}`, payload, { Authorization: `Bearer ${token}` });
}

export function postAlertmanager(baseUrl: string, payload: unknown, token = DEMO_ALERTMANAGER_TOKEN) {
  return postIntegration(baseUrl, 'alertmanager', payload, token);
}

/** Fires an alert that must be accepted: any other answer fails the test here, not at a later wait for the incident. */
export async function fireAlert(baseUrl: string, payload: unknown) {
  const response = await postAlertmanager(baseUrl, payload);
  if (response.status !== 200)
    throw new Error(`Alertmanager webhook answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response;
}
