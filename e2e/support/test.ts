import { test as base, expect, type BrowserContext } from '@playwright/test';
import { failureReport, watchBrowser, type BrowserLog } from './diagnostics.js';

export { expect };

export interface CspViolations {
  /** The violations seen so far, handed to the test, which then owns them (a test that provokes one on purpose). */
  take(): string[];
}

const BINDING = '__onpointCspViolation';

/** Records what the Content-Security-Policy refuses in a context: pages' events, and Chromium's console errors (service workers too). */
async function watchCsp(context: BrowserContext, log: string[]): Promise<void> {
  context.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) log.push(`console: ${message.text()}`);
  });
  await context.exposeBinding(BINDING, ({ page }, text: string) => void log.push(`${page?.url()}: ${text}`));
  await context.addInitScript((binding) => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as Record<string, (text: string) => void>)[binding];
      report(
        `${event.effectiveDirective} refused ${event.blockedURI || 'an inline script or style'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  }, BINDING);
}

/**
 * Every spec imports `test` from here: every context it makes (the `page` fixture's and `browser.newContext()`
 * alike) is watched, and a test whose pages met a Content-Security-Policy violation fails, so the app is
 * known to run under the policy it is served with. A test that fails prints what the browser and the
 * servers saw meanwhile (diagnostics.ts).
 */
export const test = base.extend<
  { cspViolations: CspViolations; failureDiagnostics: void },
  { cspLog: string[]; browserLog: BrowserLog }
>({
  cspLog: [[], { scope: 'worker' }],
  browserLog: [{ lines: [], startedAt: Date.now(), contexts: new Set() }, { scope: 'worker' }],
  browser: [
    async ({ browser, cspLog, browserLog }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const context = await newContext(options);
        await watchCsp(context, cspLog);
        watchBrowser(context, browserLog);
        return context;
      };
      await use(browser);
    },
    { scope: 'worker' },
  ],
  cspViolations: [
    async ({ cspLog }, use) => {
      cspLog.length = 0;
      await use({ take: () => cspLog.splice(0) });
      expect(cspLog, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
  failureDiagnostics: [
    async ({ browserLog }, use, testInfo) => {
      browserLog.lines.length = 0;
      browserLog.startedAt = Date.now();
      await use();
      if (testInfo.status !== testInfo.expectedStatus) console.log(await failureReport(browserLog));
    },
    { auto: true },
  ],
});
