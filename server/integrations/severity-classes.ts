import type { PagingClass, Severity } from '../../shared/timeline.js';

/** Severity label value (lower case, trimmed) → paging class. Build one with `severityClasses`. */
export type SeverityClasses = ReadonlyMap<string, PagingClass>;

/** What common alerting conventions mean by their severity values; the config's `severities:` adds to it. */
export const DEFAULT_SEVERITY_CLASSES: Readonly<Record<string, PagingClass>> = {
  critical: 'always',
  page: 'always',
  error: 'always',
  high: 'always',
  p1: 'always',
  p2: 'always',
  sev1: 'always',
  sev2: 'always',
  warning: 'daytime',
  p3: 'daytime',
  sev3: 'daytime',
  info: 'never',
  none: 'never',
  p4: 'never',
  p5: 'never',
};

export const PAGING_RANK: Readonly<Record<PagingClass, number>> = { never: 0, daytime: 1, always: 2 };
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, critical: 2 };

const normal = (value: string) => value.trim().toLowerCase();

/** A label value quoted in a sentence: labels are untrusted and may be long. */
const quoted = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** The defaults with the config's mappings on top: the config wins, keys compare case-insensitively. */
export function severityClasses(overrides: Readonly<Record<string, PagingClass>> = {}): SeverityClasses {
  const classes = new Map<string, PagingClass>();
  for (const [value, pagingClass] of Object.entries(DEFAULT_SEVERITY_CLASSES)) classes.set(value, pagingClass);
  for (const [value, pagingClass] of Object.entries(overrides)) classes.set(normal(value), pagingClass);
  return classes;
}

/** How one alert pages. `reason` is set only when the fail-safe decided: the alert pages because its severity says nothing. */
export interface AlertClassification {
  pagingClass: PagingClass;
  severity: Severity;
  reason?: string;
}

const DISPLAY: Readonly<Record<PagingClass, Severity>> = { always: 'critical', daytime: 'warning', never: 'info' };

function isPagingClass(value: string | undefined): value is PagingClass {
  return value === 'always' || value === 'daytime' || value === 'never';
}

function isSeverity(value: string | undefined): value is Severity {
  return value === 'critical' || value === 'warning' || value === 'info';
}

/**
 * The `page` label decides; else the severity label through the mapping; a missing or unmapped severity
 * pages always, and says so. The shown severity is the label's own when it is critical, warning or info,
 * else the one that matches the class.
 */
export function classifyAlert(labels: Readonly<Record<string, string>>, classes: SeverityClasses): AlertClassification {
  const raw = labels.severity?.trim();
  const value = raw ? raw.toLowerCase() : undefined;
  const shown = (pagingClass: PagingClass): Severity => (isSeverity(value) ? value : DISPLAY[pagingClass]);

  const page = labels.page?.trim().toLowerCase();
  if (isPagingClass(page)) return { pagingClass: page, severity: shown(page) };

  if (value === undefined) {
    return {
      pagingClass: 'always',
      severity: shown('always'),
      reason: 'no severity label: paged to be safe — map it in the config',
    };
  }
  const mapped = classes.get(value);
  if (mapped) return { pagingClass: mapped, severity: shown(mapped) };
  return {
    pagingClass: 'always',
    severity: shown('always'),
    reason: `unknown severity ${quoted(raw)}: paged to be safe — map it in the config (severities:)`,
  };
}

/**
 * Orders classifications, the one that decides a group's class first: higher class, then one the mapping
 * decided before one the fail-safe decided (the class would be the same without the fail-safe), then higher severity.
 */
export function compareClassifications(a: AlertClassification, b: AlertClassification): number {
  return (
    PAGING_RANK[b.pagingClass] - PAGING_RANK[a.pagingClass] ||
    Number(a.reason !== undefined) - Number(b.reason !== undefined) ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]
  );
}
