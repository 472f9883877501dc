import type { CDPSession } from '@playwright/test';

export interface PaintTimes {
  /** First contentful paint, ms from navigation start. */
  fcp: number;
  /** The first paint of an element named `identifier` by its `elementtiming` attribute, ms from navigation start. */
  element: number;
}

/**
 * Waits over raw CDP until the page has painted an element with `elementtiming="<identifier>"`, then reads when
 * (PerformanceElementTiming) and when it first painted anything. Raw CDP rather than Playwright's waitForFunction
 * or evaluate: those first evaluate Playwright's injected script in the page, a task of 80–150 ms at 4× CPU
 * between first paint and the list.
 */
export async function whenPainted(cdp: CDPSession, identifier: string, timeoutMs = 30_000): Promise<PaintTimes> {
  // Element timings are only given to observers (buffered: the ones before it too), never by getEntries.
  const expression = `new Promise((resolve) => {
    const seen = {};
    const first = (type, pick, time) =>
      new PerformanceObserver((list, observer) => {
        const entry = list.getEntries().find(pick);
        if (!entry) return;
        observer.disconnect();
        seen[type] = time(entry);
        if ('element' in seen && 'fcp' in seen) resolve(seen);
      }).observe({ type: type === 'fcp' ? 'paint' : type, buffered: true });
    first('element', (e) => e.identifier === ${JSON.stringify(identifier)}, (e) => e.startTime);
    first('fcp', (e) => e.name === 'first-contentful-paint', (e) => e.startTime);
  })`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`nothing named ${identifier} painted within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const answer = await Promise.race([
      cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }),
      timeout,
    ]);
    if (answer.exceptionDetails) {
      const { exception, text } = answer.exceptionDetails;
      throw new Error(`reading when ${identifier} was painted: ${exception?.description ?? text}`);
    }
    const times = answer.result.value as PaintTimes;
    // A text's paint time is 0 where the browser withholds it; a list "visible at 0 ms" would pass for a result.
    if (!(times.element > 0)) throw new Error(`the browser gave no paint time for ${identifier}`);
    return times;
  } finally {
    clearTimeout(timer);
  }
}
