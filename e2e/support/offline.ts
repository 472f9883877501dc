import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { TimelineEvent } from '../../shared/timeline.js';
import { ApiClient } from './api-client.js';

/** What this device holds in onpoint's IndexedDB, read the plain way (no app code involved). */
async function onDevice(page: Page): Promise<{ playbooks: number; cache: string; outbox: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('onpoint');
        open.onerror = () => reject(open.error ?? new Error('cannot open IndexedDB'));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('playbooks')) return resolve({ playbooks: 0, cache: '', outbox: 0 });
          const tx = db.transaction(['playbooks', 'kv', 'outbox']);
          const playbooks = tx.objectStore('playbooks').count();
          const cache = tx.objectStore('kv').get('query-cache');
          const outbox = tx.objectStore('outbox').count();
          tx.oncomplete = () => {
            resolve({ playbooks: playbooks.result, cache: String(cache.result ?? ''), outbox: outbox.result });
            db.close();
          };
        };
      }),
  );
}

/** How the saved query cache names an incident downloaded in full (with its timeline). */
export const fullIncident = (id: string) => JSON.stringify(['incident', id]);

/**
 * Waits until one visit has left everything an offline start needs: the service worker in control,
 * every playbook stored, and the saved query cache holding each of `cached` (incident ids, say).
 */
export async function waitUntilReadyOffline(page: Page, { playbooks, cached }: { playbooks: number; cached: string[] }) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expect.poll(async () => (await onDevice(page)).playbooks).toBe(playbooks);
  await waitUntilSaved(page, cached);
}

/** Waits until the saved query cache holds each of `cached` (incident ids, titles). */
export async function waitUntilSaved(page: Page, cached: string[]) {
  for (const text of cached) await expect.poll(async () => (await onDevice(page)).cache).toContain(text);
}

export const outboxSize = async (page: Page) => (await onDevice(page)).outbox;

/** One person's actions on an incident, as the server recorded them. */
export async function actionsOf(baseUrl: string, incidentId: string, email: string): Promise<TimelineEvent[]> {
  const api = await new ApiClient(baseUrl).login('carol@example.com');
  const { body } = await api.request('GET', `/api/incidents/${incidentId}`);
  return (body.timeline as TimelineEvent[]).filter(
    (e) =>
      e.actor.kind === 'person' &&
      e.actor.email === email &&
      ['ack', 'escalate', 'note', 'resolve', 'handoff', 'join', 'snooze', 'reopen'].includes(e.type),
  );
}

/**
 * No signal for a whole browser context, its service worker included: Chromium's offline emulation
 * (`setOffline`) stops the pages' requests but let the worker's Background Sync send a queued action
 * (seen: Alice's "offline" ack reached the server before Bob's). Requests are refused first and allowed
 * again before the browser says it is back online, so the `online` event finds the network there.
 */
export async function setNoSignal(context: BrowserContext, noSignal: boolean): Promise<void> {
  if (noSignal) {
    await context.route('**/*', (route) => route.abort('internetdisconnected'));
    await context.setOffline(true);
  } else {
    await context.unroute('**/*');
    await context.setOffline(false);
  }
}

/**
 * From the next navigation on, the page's IndexedDB opens `delayMs` late, or never (`null`): a phone's slow
 * storage, or a browser bug that leaves the open request unanswered. The service worker's is left alone.
 */
export async function slowIndexedDb(page: Page, delayMs: number | null) {
  await page.addInitScript((delay) => {
    const open = indexedDB.open.bind(indexedDB);
    indexedDB.open = (...args: Parameters<IDBFactory['open']>) => {
      const request = open(...args);
      const listen = request.addEventListener.bind(request);
      request.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => {
        if (type !== 'success') return listen(type, listener, options);
        if (delay !== null) listen(type, (event) => setTimeout(() => listener.call(request, event), delay), options);
      }) as typeof request.addEventListener;
      return request;
    };
  }, delayMs);
}
