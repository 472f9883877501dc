import { expect, test } from './support/test.js';
import { alertmanagerFixture, fireAlert } from './support/api-client.js';
import { logIn } from './support/app.js';
import { useStack } from './support/stack.js';

const env = useStack();

type Alert = { status: string; startsAt: string; endsAt?: string };

/** NodeDiskFull on storage, as Alertmanager cuts it to five alerts; `truncatedAlerts` more left out. */
function diskGroup(groupKey: string, truncatedAlerts: number, status: 'firing' | 'resolved' = 'firing', startsAt?: string) {
  const payload = alertmanagerFixture('firing-group-truncated.json');
  const alerts = (payload.alerts as Alert[]).map((a) => ({
    ...a,
    status,
    ...(startsAt && { startsAt }),
    ...(status === 'resolved' && { endsAt: new Date().toISOString() }),
  }));
  return { ...payload, groupKey, status, truncatedAlerts, alerts };
}

test('the incident screen follows its alert group live: title, count, group labels', async ({ page }) => {
  await logIn(page, env.server.url, 'alice@example.com');
  const incidentId = (await fireAlert(env.server.url, diskGroup('grows', 2))).body.incidentId as string;
  await page.goto(`${env.server.url}/incidents/${incidentId}`);
  await expect(page.getByRole('region', { name: 'Status' }).getByRole('heading')).toHaveText('NodeDiskFull: 7 alerts on storage');
  await expect(page.getByText('grouped by alertname=NodeDiskFull, service=storage')).toBeVisible();

  // Ten more join: Alertmanager still sends five. The open screen changes without a reload.
  await fireAlert(env.server.url, diskGroup('grows', 12));
  await expect(page.getByRole('region', { name: 'Status' }).getByRole('heading')).toHaveText(
    'NodeDiskFull: 17 alerts on storage',
  );
  // The alerts themselves are under Alert details, below the playbook.
  await page.getByText('Alert details', { exact: true }).click();
  await expect(page.getByText('+ 12 more not shown')).toBeVisible();
  await expect(page.getByText('the group now has 17 alerts firing (12 left out of its message)')).toBeVisible();
});

test('a group that keeps coming back says so on its incident', async ({ page }) => {
  await logIn(page, env.server.url, 'alice@example.com');
  let incidentId = '';
  for (let time = 1; time <= 3; time++) {
    const startsAt = new Date(Date.now() - 60_000 + time).toISOString();
    incidentId = (await fireAlert(env.server.url, diskGroup('flaps', 0, 'firing', startsAt))).body.incidentId as string;
    if (time < 3) await fireAlert(env.server.url, diskGroup('flaps', 0, 'resolved', startsAt));
  }
  await page.goto(`${env.server.url}/incidents/${incidentId}`);
  await expect(page.getByTestId('reopened')).toHaveText('Flapping: 3rd time in 1 min for this alert group');
});
