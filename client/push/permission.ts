/**
 * `Notification.permission` asks the browser process each time it is read (about half a millisecond on
 * the main thread here, more on a slow phone), and the banners above the list read it on every render. It
 * is read once, then kept current by the permission's change events (the person changed it in the site
 * settings) and by onpoint's own requests. Where the Permissions API cannot watch it, it is read every time:
 * a stale answer would hide or show the "cannot be paged" banner wrongly.
 */
let watched: NotificationPermission | null = null;
let watching = false;

function watch(): void {
  watching = true;
  void navigator.permissions
    ?.query({ name: 'notifications' })
    .then((status) => {
      watched = Notification.permission;
      status.addEventListener('change', () => (watched = Notification.permission));
    })
    .catch(() => undefined);
}

export function notificationPermission(): NotificationPermission {
  if (watched !== null) return watched;
  if (!watching) watch();
  return Notification.permission;
}

/** What the person answered when onpoint asked, known before any change event says so. */
export async function requestNotificationPermission(): Promise<NotificationPermission> {
  const answer = await Notification.requestPermission();
  if (watched !== null) watched = answer;
  return answer;
}
