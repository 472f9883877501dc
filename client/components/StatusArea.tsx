import type { OutboxEntry } from '../offline/db.js';
import { NightNudge } from './NightNudge.js';
import { NotificationsBanner } from './NotificationsBanner.js';
import { OfflineBanner } from './OfflineBanner.js';
import { QueuedCount } from './OutboxStatus.js';
import { UnconfirmedPageBanner } from './UnconfirmedPageBanner.js';
import { statusLine } from './ui.js';

/**
 * Everything the list screen has to say about this device, in one box instead of a stack of banners:
 * offline, actions queued, no way to be paged, a page not confirmed, a night page. Hidden when all is well.
 */
export function StatusArea({ updatedAt, error, outbox }: { updatedAt: number; error: unknown; outbox: OutboxEntry[] }) {
  return (
    <section
      aria-label="Status"
      className="flex flex-col divide-y divide-slate-300 overflow-hidden rounded-xl bg-slate-100 empty:hidden dark:divide-slate-700 dark:bg-slate-900"
    >
      <OfflineBanner updatedAt={updatedAt} error={error} className={`${statusLine} font-semibold`} />
      <QueuedCount entries={outbox} />
      <NotificationsBanner />
      <UnconfirmedPageBanner />
      <NightNudge />
    </section>
  );
}
