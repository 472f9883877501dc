import { logIn } from './support/app.js';
import { startServer, type RunningServer } from './support/onpoint-server.js';
import { expect, test } from './support/test.js';

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(() => server?.stop());

test('script that got into a playbook’s HTML does not run, and the violation is reported', async ({ page, cspViolations }) => {
  await logIn(page, server.url, 'alice@example.com');
  await page.goto(`${server.url}/playbooks/node-disk-full`);
  const playbook = page.locator('.playbook');
  await expect(playbook).toContainText('What is happening');

  // As if the Markdown renderer had let HTML through: a handler, and a script element added after load.
  await playbook.evaluate((element) => {
    element.innerHTML += '<img alt="" src="/icon.svg" onload="window.pwned = \'handler\'">';
    const script = document.createElement('script');
    script.textContent = "window.pwned = 'script'";
    element.append(script);
  });
  await expect(playbook.locator('img')).toHaveJSProperty('complete', true);

  expect(await page.evaluate(() => (window as unknown as { pwned?: string }).pwned)).toBeUndefined();
  // Each refusal is reported twice, by the page's event and on the console: the test takes all four.
  const seen: string[] = [];
  const reported = () => (seen.push(...cspViolations.take()), seen.join('\n'));
  for (const report of [/script-src-attr refused/, /script-src-elem refused/, /inline event handler/, /inline script/]) {
    await expect.poll(reported).toMatch(report);
  }
});
