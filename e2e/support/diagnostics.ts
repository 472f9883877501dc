import type { BrowserContext, Page } from '@playwright/test';
import { runningServers } from './onpoint-server.js';

/**
 * What to print when an end-to-end test fails, so a failure seen once on CI can be explained from its
 * output alone: what the browser (pages and service workers) complained about, and every request the
 * server took that failed, was slow, or never finished.
 */

export interface BrowserLog {
  lines: string[];
  startedAt: number;
  /** Contexts still open, whose pages are asked how they stand when a test fails. */
  contexts: Set<BrowserContext>;
}

const stamp = (log: BrowserLog) => `+${((Date.now() - log.startedAt) / 1000).toFixed(1)}s`;

/** Records a context's errors, warnings, failed requests and error answers, pages' and workers' alike. */
export function watchBrowser(context: BrowserContext, log: BrowserLog): void {
  log.contexts.add(context);
  context.on('close', () => log.contexts.delete(context));
  context.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      log.lines.push(`${stamp(log)} console.${message.type()} ${message.location().url}: ${message.text()}`);
    }
  });
  context.on('weberror', (error) => log.lines.push(`${stamp(log)} uncaught: ${error.error().message}`));
  context.on('requestfailed', (request) =>
    log.lines.push(`${stamp(log)} ${request.method()} ${request.url()} failed: ${request.failure()?.errorText}`),
  );
  context.on('response', (response) => {
    if (response.status() >= 400)
      log.lines.push(`${stamp(log)} ${response.request().method()} ${response.url()} → ${response.status()}`);
  });
  context.on('serviceworker', (worker) => log.lines.push(`${stamp(log)} service worker started: ${worker.url()}`));
}

interface LogLine {
  time?: number;
  reqId?: string;
  msg?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { message?: string };
  level?: number;
}

const SLOW_MS = 1000;

/** The server's log (pino, one JSON object a line) since `since`: requests that failed, were slow or are still open, and warnings. */
export function serverReport(output: string, since: number): string[] {
  const open = new Map<string, string>();
  const report: string[] = [];
  // Lines that are not JSON (a crash's stack trace) count once the log has reached `since`.
  let reached = false;
  for (const text of output.split('\n')) {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      if (reached && text.trim()) report.push(`  ${text}`);
      continue;
    }
    if ((line.time ?? 0) < since) continue;
    reached = true;
    const at = `+${(((line.time ?? since) - since) / 1000).toFixed(1)}s`;
    if (line.msg === 'incoming request' && line.reqId) {
      open.set(line.reqId, `${at} ${line.req?.method} ${line.req?.url}`);
    } else if (line.msg === 'request completed' && line.reqId) {
      const started = open.get(line.reqId);
      open.delete(line.reqId);
      const status = line.res?.statusCode ?? 0;
      if (status >= 400 || (line.responseTime ?? 0) > SLOW_MS) {
        report.push(`  ${started ?? line.reqId} → ${status} in ${Math.round(line.responseTime ?? 0)} ms`);
      }
    } else if ((line.level ?? 0) >= 40) {
      report.push(`  ${at} ${line.msg ?? ''} ${line.err?.message ?? ''}`);
    }
  }
  // The live stream stays open by design; anything else unanswered is a finding.
  for (const request of open.values()) if (!request.includes('/api/events')) report.push(`  ${request} → no answer yet`);
  return report;
}

/** What a page believes: online or not, its service worker, its storage. */
async function pageState(page: Page): Promise<string> {
  const state = page.evaluate(async () => {
    const registration = await navigator.serviceWorker?.getRegistration();
    const storage = await navigator.storage?.estimate();
    return JSON.stringify({
      onLine: navigator.onLine,
      controlled: Boolean(navigator.serviceWorker?.controller),
      worker: registration
        ? { installing: registration.installing?.state, waiting: registration.waiting?.state, active: registration.active?.state }
        : null,
      storage: storage ? `${storage.usage} of ${storage.quota} bytes` : null,
    });
  });
  const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('did not answer in 2 s'), 2000));
  return `  ${page.url()}: ${await Promise.race([state, timeout]).catch((err: unknown) => String(err))}`;
}

/** The whole story of a failed test, for its output. */
export async function failureReport(log: BrowserLog): Promise<string> {
  const pages = await Promise.all([...log.contexts].flatMap((context) => context.pages().map(pageState)));
  const servers = [...runningServers].map(
    (server) =>
      `server ${server.url}:\n${serverReport(server.output(), log.startedAt).join('\n') || '  nothing failed, slow or unanswered'}`,
  );
  const browser = log.lines.length ? log.lines.map((line) => `  ${line}`).join('\n') : '  nothing';
  return [
    '── what happened, for a failed test ──',
    `pages now:\n${pages.join('\n') || '  none open'}`,
    `browser:\n${browser}`,
    ...servers,
  ].join('\n');
}
