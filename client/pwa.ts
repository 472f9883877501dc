import { useSyncExternalStore } from 'react';
import { Workbox } from 'workbox-window';
import { navigate } from 'wouter/use-browser-location';
import { whenIdle } from './idle.js';
import type { PageToWorker, WorkerToPage } from './sw/messages.js';

/**
 * The installed-app side of onpoint: the service worker, updates offered rather than forced, and the
 * browser's install prompt. State lives here; screens read it with the hooks below.
 */

interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

const state = { updateReady: false, offlineReady: false, installPrompt: null as InstallPromptEvent | null };
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((listener) => listener());
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

let workbox: Workbox | null = null;
const UPDATE_CHECK_MS = 60 * 60_000;
// After a first install that failed: soon (a blip), then less often (no signal for a while).
const INSTALL_RETRY_MS = [5_000, 15_000, 60_000, 5 * 60_000];

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  // A first install's events kept the main thread busy for about 150 ms on a slow phone while the first visit's
  // list waited (bench:client:compare): on a first visit, the worker registers when the page is next idle. A
  // returning visit registers at once, so an update found by the browser's own check is never missed. The
  // listeners below are set at once either way: no message from the worker or install prompt is missed.
  if (navigator.serviceWorker.controller) installWorker(false);
  else whenIdle(() => installWorker(false));
  void navigator.serviceWorker.ready.then((registration) => {
    state.offlineReady = true;
    changed();
    // The first install claims the pages open then, but not one whose load was still under way (the
    // claim skips a page not yet running): that page would never be controlled. It asks for itself.
    if (!navigator.serviceWorker.controller) registration.active?.postMessage({ type: 'CLAIM' } satisfies PageToWorker);
  });
  // An app left open for days (a laptop on call) still hears of new versions.
  const checkForUpdate = () => void workbox?.update().catch(() => undefined);
  setInterval(checkForUpdate, UPDATE_CHECK_MS);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && checkForUpdate());
  // A tap on a notification asks an open window to show that incident.
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<WorkerToPage>) => {
    if (event.data?.type === 'open') navigate(event.data.url);
  });
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    state.installPrompt = event as InstallPromptEvent;
    changed();
  });
  window.addEventListener('appinstalled', () => {
    state.installPrompt = null;
    changed();
  });
}

/**
 * Registers the worker. A first install fails if any one of the app's files does not download (a flaky
 * hotspot), and the browser then forgets the registration: no offline copy, no push, until the next visit.
 * So it is tried again, after a while or as soon as the browser is back online.
 */
function installWorker(immediate: boolean, failures = 0): void {
  const wb = new Workbox('/sw.js');
  // A new version waits until the person says so: never a reload in the middle of typing a note.
  wb.addEventListener('waiting', () => {
    state.updateReady = true;
    changed();
  });
  wb.addEventListener('redundant', (event) => {
    // A failed update leaves the working version in place, and the hourly check tries again.
    if (event.isUpdate || navigator.serviceWorker.controller) return;
    const again = () => {
      clearTimeout(timer);
      window.removeEventListener('online', again);
      installWorker(true, failures + 1);
    };
    const timer = setTimeout(again, INSTALL_RETRY_MS[Math.min(failures, INSTALL_RETRY_MS.length - 1)]);
    window.addEventListener('online', again);
  });
  void wb.register({ immediate });
  workbox = wb;
}

/** The person tapped "reload": the waiting version takes over, then this page reloads into it. */
export function applyUpdate(): void {
  if (!workbox) return;
  workbox.addEventListener('controlling', () => window.location.reload());
  workbox.messageSkipWaiting();
}

export async function install(): Promise<void> {
  const prompt = state.installPrompt;
  if (!prompt) return;
  await prompt.prompt();
  await prompt.userChoice;
  state.installPrompt = null;
  changed();
}

export const useUpdateReady = () => useSyncExternalStore(subscribe, () => state.updateReady);
/** The offline copy is installed: the next start opens with no network, whether or not this page is controlled yet. */
export const useOfflineReady = () => useSyncExternalStore(subscribe, () => state.offlineReady);
export const useCanInstall = () => useSyncExternalStore(subscribe, () => state.installPrompt !== null);

export const isInstalled = () => window.matchMedia('(display-mode: standalone)').matches;
