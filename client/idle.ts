/** Work that must not compete with drawing the first screen: done when the main thread is next idle. */
export function whenIdle(work: () => void): void {
  // Safari has no requestIdleCallback; half a second is after a cold start's first screen there too.
  if ('requestIdleCallback' in window) requestIdleCallback(work, { timeout: 2_000 });
  else setTimeout(work, 500);
}
