import type { AlertDetail } from '../../shared/api.js';

/** How many alerts of one group an incident keeps: enough to read, bounded however big the group grows. */
export const MAX_KEPT_ALERTS = 100;
/** A summary is a line; a description may be a stack trace. Enough to act on, bounded. */
export const MAX_SUMMARY = 1_000;
export const MAX_DESCRIPTION = 10_000;
export const MAX_LABEL = 1_000;

const cut = (text: string | undefined, max: number) =>
  text === undefined || text.length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;

export const boundedSummary = (text: string | undefined) => cut(text, MAX_SUMMARY);
export const boundedDescription = (text: string | undefined) => cut(text, MAX_DESCRIPTION);

/** Labels with each name and value cut to what a screen (and the database) should hold. */
export const boundedLabels = (labels: Record<string, string>) =>
  Object.fromEntries(Object.entries(labels).map(([name, value]) => [cut(name, MAX_LABEL)!, cut(value, MAX_LABEL)!]));

/** One alert with its texts cut to what a screen (and the database) should hold. */
export function boundedAlert(alert: AlertDetail): AlertDetail {
  return {
    ...alert,
    labels: boundedLabels(alert.labels),
    summary: boundedSummary(alert.summary),
    description: boundedDescription(alert.description),
  };
}

/**
 * The alerts an incident keeps: the first `MAX_KEPT_ALERTS`, firing before resolved and, among those,
 * in the order of `urgency` (lower first), so what pages is never what is left out. `dropped` counts the rest.
 */
export function keepAlerts(
  alerts: AlertDetail[],
  urgency: (alert: AlertDetail) => number = () => 0,
): { alerts: AlertDetail[]; dropped: number } {
  const rank = (a: AlertDetail) => (a.status === 'firing' ? 0 : 1);
  const ordered = [...alerts].sort((a, b) => rank(a) - rank(b) || urgency(a) - urgency(b));
  return { alerts: ordered.slice(0, MAX_KEPT_ALERTS), dropped: Math.max(0, ordered.length - MAX_KEPT_ALERTS) };
}
