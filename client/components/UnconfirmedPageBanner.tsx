import { Link } from 'wouter';
import { useNow } from '../connection.js';
import { useThisDevice } from '../device-queries.js';
import { shortTime } from '../format.js';
import { pushSupport } from '../push/notifications.js';
import { unconfirmedPageAt } from '../push/page-confirmation.js';
import { useDevices } from '../queries.js';

/** This device was paged and never said it got the page: it may have stopped getting them. */
export function UnconfirmedPageBanner() {
  const devices = useDevices();
  const { data: here } = useThisDevice();
  const now = useNow();
  const device = pushSupport() === 'granted' ? devices.data?.find((d) => d.id === here?.id) : undefined;
  const at = device ? unconfirmedPageAt(device, now) : null;
  if (!at) return null;
  return (
    <Link
      href="/settings"
      data-testid="unconfirmed-page"
      className="block rounded-2xl bg-red-100 p-4 text-red-950 active:bg-red-200 dark:bg-red-950 dark:text-red-100 dark:active:bg-red-900"
    >
      <p className="font-semibold">Last page at {shortTime(at, now)} was not confirmed by this device.</p>
      <p>
        It may not be getting pages. <span className="font-semibold underline">Send a test page</span>
      </p>
    </Link>
  );
}
