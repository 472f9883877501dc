import { DEMO_GENERIC_TOKEN, DEMO_GRAFANA_TOKEN, grafanaFixture, postIntegration } from './support/api-client.js';
import { logIn } from './support/app.js';
import { startServer, type RunningServer } from './support/onpoint-server.js';
import { expect, test } from './support/test.js';

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(() => server?.stop());

test('the links a generic webhook or Grafana sent are links on the incident', async ({ page }) => {
  const generic = await postIntegration(
    server.url,
    'generic',
    {
      dedupKey: 'deploy-checkout',
      status: 'firing',
      title: 'Deploy of checkout failed',
      links: [{ title: 'Build log', url: 'https://ci.example.com/runs/812' }],
      details: { commit: '4f2c1a' },
    },
    DEMO_GENERIC_TOKEN,
  );
  const grafana = await postIntegration(server.url, 'grafana', grafanaFixture('firing.json'), DEMO_GRAFANA_TOKEN);

  await logIn(page, server.url, 'alice@example.com');
  await page.goto(`${server.url}/incidents/${generic.body.incidentId}`);
  const details = page.getByRole('region', { name: 'Alert details' });
  await expect(details.getByRole('link', { name: 'Build log' })).toHaveAttribute('href', 'https://ci.example.com/runs/812');
  await expect(details.getByText('commit=4f2c1a')).toBeVisible();

  await page.goto(`${server.url}/incidents/${grafana.body.incidentId}`);
  await expect(details.getByRole('link', { name: 'Dashboard' })).toHaveAttribute(
    'href',
    'https://play.grafana.org/d/b4a8c2f1/hosts?orgId=1',
  );
  await expect(details.getByRole('link', { name: 'Panel: High CPU usage' })).toHaveAttribute(
    'href',
    'https://play.grafana.org/d/b4a8c2f1/hosts?orgId=1&viewPanel=3',
  );
});
