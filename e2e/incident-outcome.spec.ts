import { expect, test } from './support/test.js';
import { alertmanagerFixture, fireAlert } from './support/api-client.js';
import { responder } from './support/responder.js';
import { shownTime } from './support/app.js';
import { useStack } from './support/stack.js';

const env = useStack();

test('after each tap the screen says who is paged and when their phone has it; handing point to someone with no device asks twice', async ({
  browser,
}) => {
  const alice = await responder(browser, env, 'alice@example.com', 'Pixel 8');
  const bob = await responder(browser, env, 'bob@example.com', 'iPhone');

  const fired = await fireAlert(env.server.url, alertmanagerFixture('firing-single-critical.json'));
  const incidentId = fired.body.incidentId as string;
  await env.push.waitForPush(alice.subscription.id);
  await alice.page.goto(`${env.server.url}/incidents/${incidentId}`);
  await bob.page.goto(`${env.server.url}/incidents/${incidentId}`);

  // Alice, paged first, sees what Escalate will do; Acknowledge is the big button at the bottom, Resolve is not there.
  const actions = alice.page.getByRole('region', { name: 'Actions' });
  const acknowledge = actions.getByRole('button', { name: 'Acknowledge' });
  await expect(acknowledge).toBeInViewport();
  expect((await acknowledge.boundingBox())!.y).toBeGreaterThan(844 / 2);
  await expect(actions.getByRole('button', { name: /Resolve/ })).toHaveCount(0);
  await actions.getByRole('button', { name: 'Escalate to Bob' }).click();

  // The card above the fold names Bob and his phone, then says it got there when his device's receipt comes in.
  const outcome = alice.page.getByTestId('outcome');
  await expect(outcome).toBeInViewport();
  // The time as a tired person reads a clock: hours and minutes.
  await expect(outcome).toContainText(
    new RegExp(`^You escalated at ${shownTime()}: paging Bob \\(Payments on-call secondary\\)`),
  );
  await expect(outcome).toContainText('sent to Bob · iPhone · waiting for the phone to confirm');
  const bobPage = await env.push.waitForPush(bob.subscription.id);
  await bob.delivery.deliver(bobPage.text);
  await expect(outcome).toContainText('sent · delivered to Bob · iPhone ✓');
  await alice.page.screenshot({ path: 'test-results/screens/escalate-outcome.png' });
  // Bob was the last level: escalating again pages him again, and the button says so rather than promising someone new.
  await expect(actions.getByRole('button', { name: 'Page Bob again' })).toBeVisible();

  // Alice takes point, then starts to hand it to Carol, who has no device: a second tap is needed.
  await acknowledge.click();
  await expect(alice.page.getByTestId('point')).toHaveText('Point: You');
  await actions.getByRole('button', { name: 'Hand off point' }).click();
  const carol = actions.getByRole('button', { name: /^Carol/ });
  await expect(carol).toContainText('no device: cannot be paged');
  await carol.click();
  await expect(actions.getByRole('alert')).toHaveText(/Carol has no device and will not be told\. Hand off anyway\?/);
  await expect(alice.page.getByTestId('point')).toHaveText('Point: You');
  await actions.getByRole('button', { name: 'No', exact: true }).click();

  // Bob has a phone: one tap, and Bob hears it and sees who gave him point, and when.
  await actions.getByRole('button', { name: /^Bob/ }).click();
  await expect(outcome).toContainText('You handed point to Bob');
  const pointPush = await env.push.waitForPush(bob.subscription.id, 2);
  await bob.delivery.deliver(pointPush.text);
  await expect(outcome).toContainText('sent · delivered to Bob · iPhone ✓');
  await expect(bob.page.getByTestId('point')).toHaveText('Point: You');
  await expect(bob.page.getByTestId('handed-point')).toHaveText(new RegExp(`^Alice handed you point at ${shownTime()}$`));
  await bob.page.screenshot({ path: 'test-results/screens/handed-point.png' });
  // Bob is the last level: Escalate would page only him, so it says so and does nothing.
  await expect(
    bob.page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: 'No one above you' }),
  ).toBeDisabled();
  // The title in the header is not a second heading: a screen reader hears it once.
  await expect(bob.page.getByRole('heading', { level: 1 })).toHaveCount(1);

  // Bob hands it on to Carol anyway: his card says she cannot be paged, and his banner goes.
  const bobActions = bob.page.getByRole('region', { name: 'Actions' });
  await bobActions.getByRole('button', { name: 'Hand off point' }).click();
  await bobActions.getByRole('button', { name: /^Carol/ }).click();
  await bobActions.getByRole('button', { name: 'Hand off anyway' }).click();
  await expect(bob.page.getByTestId('outcome')).toContainText('Carol cannot be paged: no device');
  await expect(bob.page.getByTestId('point')).toHaveText('Point: Carol');
  await expect(bob.page.getByTestId('handed-point')).toHaveCount(0);

  for (const c of [alice.context, bob.context]) await c.close();
});
