import { Link } from 'wouter';
import { pushSupport } from '../push/notifications.js';
import { useDevices } from '../queries.js';

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
    <Link href="/settings" className="block rounded-2xl bg-amber-100 p-4 text-amber-950 dark:bg-amber-950 dark:text-amber-100">
      <p className="font-semibold">{message}</p>
      <p className="underline">Turn on notifications</p>
    </Link>
  );
}
