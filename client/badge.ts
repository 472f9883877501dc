import type { IncidentSummary } from '../shared/api.js';
import { needsSomeone } from './incident-groups.js';

/** "(2) onpoint": a tab or an installed app shows from afar that pages wait for someone. */
export function titleWithCount(count: number): string {
  return count > 0 ? `(${count}) onpoint` : 'onpoint';
}

export const waitingCount = (incidents: readonly IncidentSummary[]) => incidents.filter(needsSomeone).length;

/** A page's or a worker's navigator; older browsers have neither method. */
interface Badging {
  setAppBadge?: (count: number) => Promise<void>;
  clearAppBadge?: () => Promise<void>;
}

/** The app icon's badge, where the browser has one (installed Chromium, Safari on macOS and iOS home screens). */
export async function setAppBadge(where: Badging, count: number): Promise<void> {
  if (!where.setAppBadge || !where.clearAppBadge) return;
  try {
    await (count > 0 ? where.setAppBadge(count) : where.clearAppBadge());
  } catch {
    // Not allowed here (no installed app, no permission): the title still says it.
  }
}
