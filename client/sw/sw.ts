/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { refreshBadge } from './badge.js';
import { handleNotificationClick } from './notification-click.js';
import type { PageToWorker } from './messages.js';
import { handlePush } from './push.js';
import { flushFromWorker, syncOutbox, type SyncEvent } from './outbox-sync.js';
import { handleSubscriptionChange } from './subscription-change.js';
import { OUTBOX_SYNC_TAG } from '../outbox/background-sync.js';

declare const self: ServiceWorkerGlobalScope;

// The entry only wires events; each handler lives in its own module.
// A start the worker serves, at / or at any app route, loads the app as one classic script, whose compiled
// code V8 keeps (vite.config.ts).
precacheAndRoute(self.__WB_MANIFEST, { directoryIndex: 'shell.html' });
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('shell.html'), { denylist: [/^\/api\//] }));

self.addEventListener('push', (event) => {
  const work = handlePush(event.data);
  // A push got through, so the connection is up: a good moment to send anything still queued. Only once
  // the page is shown: sending updates notifications, which reads them first, and Chromium drops the
  // stored record of a notification being shown during such a read (it stays on screen, but its
  // Acknowledge and Escalate buttons no longer reach the worker).
  const flush = work
    .catch(() => undefined)
    .then(flushFromWorker)
    .catch(() => undefined)
    .then(refreshBadge);
  event.waitUntil(Promise.all([work, flush]));
});

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag === OUTBOX_SYNC_TAG) sync.waitUntil(syncOutbox());
});

self.addEventListener('pushsubscriptionchange', (event) => {
  // Started before waitUntil, like push: it also runs for an event a script made.
  const work = handleSubscriptionChange(event.oldSubscription, event.newSubscription).catch((err: unknown) =>
    console.error('onpoint: could not register the new push subscription', err),
  );
  event.waitUntil(work);
});

self.addEventListener('notificationclick', (event) => {
  // An acknowledgement from the notification takes one off the badge once the server has it.
  const work = handleNotificationClick(event.notification, event.action).then(refreshBadge);
  event.waitUntil(work);
});

self.addEventListener('message', (event) => {
  const type = (event.data as PageToWorker | undefined)?.type;
  if (type === 'SKIP_WAITING') void self.skipWaiting();
  if (type === 'CLAIM') event.waitUntil(self.clients.claim());
});

// The first install takes control at once, so a page can register for push without a reload.
clientsClaim();
