import type { Browser } from '@playwright/test';
import { enableNotifications, logIn } from './app.js';
import { pushDelivery, stubPushSubscription } from './browser.js';
import type { PushServiceDouble } from './push-service-double.js';
import type { RunningServer } from './onpoint-server.js';

/** A person with the app open and notifications on, their device on the push-service double. */
export async function responder(
  browser: Browser,
  env: { readonly server: RunningServer; readonly push: PushServiceDouble },
  email: string,
  deviceName: string,
) {
  const subscription = env.push.subscribe();
  const context = await browser.newContext();
  await context.grantPermissions(['notifications'], { origin: env.server.url });
  await stubPushSubscription(context, subscription);
  const page = await context.newPage();
  const delivery = await pushDelivery(context, page, env.server.url);
  await logIn(page, env.server.url, email);
  await enableNotifications(page, deviceName);
  return { context, page, delivery, subscription };
}
