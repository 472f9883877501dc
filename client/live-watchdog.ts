/**
 * Notices a live stream that has gone silent: `heard` is called for everything the stream delivers, and
 * `onSilent` runs once nothing has come for `silentMs`, checked every `checkEveryMs` (timers in a
 * background tab run late; the check compares times, so a late check still sees the silence).
 */
export function watchForSilence({
  silentMs,
  checkEveryMs,
  onSilent,
  now = Date.now,
}: {
  silentMs: number;
  checkEveryMs: number;
  onSilent: () => void;
  now?: () => number;
}): { heard(): void; stop(): void } {
  let lastHeard = now();
  const timer = setInterval(() => {
    if (now() - lastHeard < silentMs) return;
    lastHeard = now();
    onSilent();
  }, checkEveryMs);
  return {
    heard: () => void (lastHeard = now()),
    stop: () => clearInterval(timer),
  };
}
