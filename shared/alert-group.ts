import type { IncidentDetails } from './api.js';

/** "cluster=eu-1, region=west": the labels a group was made by, the way a person reads them. */
export function groupLabelsText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

/** A group that opens incidents again within this long of the first one flaps. */
export const FLAPPING_WINDOW_MS = 24 * 3600_000;

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** A stretch of time the way a person says it in passing: "40 min", "2 h". */
function roughly(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return minutes < 60 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

/** "3rd time in 2 h": how often the group opened an incident in the day up to this one, opened at `openedAt`. */
export function reopenedText(reopened: NonNullable<IncidentDetails['reopened']>, openedAt: string): string {
  return `${ordinal(reopened.times)} time in ${roughly(Date.parse(openedAt) - Date.parse(reopened.firstAt))}`;
}
