import { Link } from 'wouter';
import { pushSupport } from '../push/notifications.js';
import { useDevices } from '../queries.js';
import { statusLine } from './ui.js';

/** Someone who cannot be paged should know it before their shift, not after a missed page. */
export function NotificationsBanner() {
  const devices = useDevices();
  const support = pushSupport();
  if (devices.isPending || (support === 'granted' && devices.data && devices.data.length > 0)) return null;
  const message =
    support === 'unsupported'
      ? 'This browser cannot receive pages.'
      : support === 'denied'
        ? 'Notifications are blocked for onpoint on this device.'
        : devices.data?.length === 0
          ? 'You have no device that can be paged.'
          : 'Notifications are off on this device.';
  return (
    <p className={`${statusLine} text-amber-900 dark:text-amber-200`}>
      <span className="flex-1 font-semibold">{message}</span>
      <Link
        href="/settings"
        className="flex min-h-12 shrink-0 items-center rounded-lg bg-amber-200 px-3 font-semibold text-amber-950 active:bg-amber-300 dark:bg-amber-800 dark:text-white"
      >
        Turn on
      </Link>
    </p>
  );
}
