/**
 * `Notification.permission` asks the browser process each time it is read, synchronously: half a millisecond
 * on an idle machine, tens of milliseconds while the browser is busy loading the page, and the banners above
 * the list read it on every render. The Permissions API answers the same question without blocking, and says
 * when the answer changes (the person changed it in the site settings); it is asked as soon as this module
 * loads, so the first screen usually finds the answer waiting. Until then, and where that API cannot watch
 * notifications, the permission is read every time: a stale answer would hide or show the "cannot be paged"
 * banner wrongly.
 */
let watched: NotificationPermission | null = null;

const asPermission = (state: PermissionState): NotificationPermission => (state === 'prompt' ? 'default' : state);

if (typeof Notification !== 'undefined') {
  void navigator.permissions
    ?.query({ name: 'notifications' })
    .then((status) => {
      watched = asPermission(status.state);
      status.addEventListener('change', () => (watched = asPermission(status.state)));
    })
    .catch(() => undefined);
}

export function notificationPermission(): NotificationPermission {
  return watched ?? Notification.permission;
}

/** What the person answered when onpoint asked, known before any change event says so. */
export async function requestNotificationPermission(): Promise<NotificationPermission> {
  const answer = await Notification.requestPermission();
  if (watched !== null) watched = answer;
  return answer;
}
