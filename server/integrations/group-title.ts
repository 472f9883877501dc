import { groupLabelsText } from '../../shared/alert-group.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Alert names a title lists before it says "+ N more": a title is read on a lock screen. */
const NAMES_SHOWN = 3;

export interface GroupTitleInput {
  /** The alert names of the alerts the title is about, in the order the source sent them (repeats allowed). */
  alertnames: readonly string[];
  /** The labels the source grouped by (Alertmanager's `groupLabels`). */
  groupLabels: Readonly<Record<string, string>>;
  /** How many alerts of the group fire. */
  count: number;
  /** A summary every alert shares, or the one alert's own: said as it is, no count needed. */
  summary?: string;
}

/**
 * What an alert group's incident is called: its summary if it has one, else the alert's name and how many
 * fire ("HighLatency: 3 alerts on checkout"); a group of several alert names is named by what grouped it
 * ("cluster=eu-1: 65 alerts") or, grouped by nothing, by its names ("2 alerts: DbConnFull, DbSlow").
 */
export function groupTitle({ alertnames, groupLabels, count, summary }: GroupTitleInput): string {
  if (summary) return summary;
  const names = [...new Set(alertnames)];
  const alerts = plural(count, 'alert');
  if (names.length <= 1) {
    const service = groupLabels.service ? ` on ${groupLabels.service}` : '';
    return `${names[0] ?? 'Alert group'}: ${alerts}${service}`;
  }
  const { alertname: _name, ...grouping } = groupLabels;
  if (Object.keys(grouping).length > 0) return `${groupLabelsText(grouping)}: ${alerts}`;
  const more = names.length > NAMES_SHOWN ? ` + ${names.length - NAMES_SHOWN} more` : '';
  return `${alerts}: ${names.slice(0, NAMES_SHOWN).join(', ')}${more}`;
}
