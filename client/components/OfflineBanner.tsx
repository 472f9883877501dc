import { isUnreachable, useNow, useOnline } from '../connection.js';
import { relativeTime } from '../format.js';

/**
 * Says plainly that what is on screen is the last known state, and how old it is, whenever the
 * network is off or onpoint cannot be reached.
 */
export function OfflineBanner({
  updatedAt,
  error,
  className = 'rounded-lg bg-slate-800 p-3 font-medium text-white dark:bg-slate-700',
}: {
  updatedAt: number;
  error: unknown;
  /** Its own dark box by default (a lighter one on the dark theme, never a light box there); a line of the list screen's status area there. */
  className?: string;
}) {
  const online = useOnline();
  const now = useNow();
  if (online && !isUnreachable(error)) return null;
  const what = online ? 'Cannot reach onpoint' : 'Offline';
  return (
    <p role="status" data-testid="offline-banner" className={className}>
      {updatedAt
        ? `${what} — last updated ${relativeTime(new Date(updatedAt).toISOString(), now)}`
        : `${what} — nothing saved on this device yet`}
    </p>
  );
}
