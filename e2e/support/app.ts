import { expect, type Page } from '@playwright/test';

/** Logs in through the login screen, as a person would. */
export async function logIn(page: Page, baseUrl: string, email: string) {
  await page.goto(baseUrl + '/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('onpoint-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Incidents' })).toBeVisible();
}

/** Settings → name the device → Enable notifications (the push subscription is the stubbed one). */
export async function enableNotifications(page: Page, deviceName: string) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Device name').fill(deviceName);
  await page.getByRole('button', { name: 'Enable notifications on this device' }).click();
  await expect(page.getByText(`✓ This device gets pages (${deviceName})`)).toBeVisible();
}

/** From the next navigation on, notes what each layout shift moved (what a person sees jump), for `layoutShifts`. */
export async function watchLayoutShifts(page: Page) {
  await page.addInitScript(() => {
    const shifts: string[] = [];
    (window as unknown as { shifts: string[] }).shifts = shifts;
    new PerformanceObserver((entries) => {
      for (const shift of entries.getEntries() as unknown as { sources: { node: Node | null }[] }[]) {
        for (const { node } of shift.sources)
          shifts.push(node instanceof Element ? node.outerHTML.slice(0, 80) : (node?.nodeName ?? 'a removed node'));
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** What moved on the page since it loaded, as `watchLayoutShifts` noted it. */
export const layoutShifts = (page: Page) => page.evaluate(() => (window as unknown as { shifts: string[] }).shifts);

/**
 * A time as the app shows it (client/format.ts `shortTime`), as a pattern: "03:14 AM", or a given time, with
 * the day in front once that time is not today ("Mon 12:02 AM"), as it is for a test that runs across midnight.
 */
export const shownTime = (time = String.raw`\d\d?:\d\d(?: [AP]M)?`) => String.raw`(?:[A-Z][a-z]{2} )?${time}`;
