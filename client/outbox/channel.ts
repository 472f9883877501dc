/**
 * Tells every page and the service worker that the outbox changed, so a count on screen never lags
 * behind an action queued elsewhere (a notification tap, another tab). BroadcastChannel skips the
 * sender, so listeners in this context are told directly.
 */
const CHANNEL = 'onpoint-outbox';
const local = new Set<() => void>();
let channel: BroadcastChannel | null = null;

function shared(): BroadcastChannel | null {
  if (!channel && typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = () => local.forEach((listener) => listener());
  }
  return channel;
}

export function announceOutboxChange(): void {
  shared()?.postMessage('changed');
  local.forEach((listener) => listener());
}

export function onOutboxChange(listener: () => void): () => void {
  shared();
  local.add(listener);
  return () => local.delete(listener);
}
