import { Link } from 'wouter';
import { useNow } from '../connection.js';
import { useThisDevice } from '../device-queries.js';
import { shortTime } from '../format.js';
import { pushSupport } from '../push/notifications.js';
import { unconfirmedPageAt } from '../push/page-confirmation.js';
import { useDevices } from '../queries.js';
import { statusLine } from './ui.js';

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
      className={`${statusLine} text-red-800 active:bg-red-100 dark:text-red-300 dark:active:bg-red-950`}
    >
      <span>
        <strong>Last page at {shortTime(at, now)} was not confirmed by this device.</strong> It may not be getting pages.{' '}
        <span className="font-semibold underline">Send a test page</span>
      </span>
    </Link>
  );
}
