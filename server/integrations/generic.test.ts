import { describe, expect, it } from 'vitest';
import { initialState } from '../../shared/reducer.js';
import type { IncidentRecord } from '../store/store.js';
import type { GroupReport } from './alertmanager.js';
import { describeGeneric, GenericAlert } from './generic.js';
import { decideGroup } from './group-decision.js';
import { severityClasses } from './severity-classes.js';

const FIRST = new Date('2026-03-02T03:10:00Z');
const LATER = new Date('2026-03-02T03:25:00Z');

const alert = (more: Partial<GenericAlert> = {}): GenericAlert =>
  GenericAlert.parse({ dedupKey: 'backup', status: 'firing', title: 'Nightly backup failed', summary: 'disk full', ...more });

const reportOf = (body: GenericAlert, known: IncidentRecord | null, at: Date): GroupReport => {
  const reported = describeGeneric('cron', body, severityClasses());
  if (!('against' in reported)) throw new Error('a generic alert is read against what is known');
  return reported.against(known, at);
};

/** The incident the first firing opened, in the state a test puts it. */
function incidentFrom(report: GroupReport, status: 'triggered' | 'resolved' = 'triggered'): IncidentRecord {
  return {
    id: 'incident-1',
    dedupKey: report.dedupKey,
    title: report.title,
    severity: report.severity,
    pagingClass: report.pagingClass,
    playbook: null,
    details: report.details,
    createdAt: FIRST.toISOString(),
    state: { ...initialState, status },
  };
}

describe('a generic alert', () => {
  it('dedups by its key within its integration', () => {
    expect(describeGeneric('cron', alert(), severityClasses()).dedupKey).toBe('cron:backup');
    expect(describeGeneric('ci', alert(), severityClasses()).dedupKey).toBe('ci:backup');
  });

  it('is the same occurrence while its incident is open: a repeat changes nothing', () => {
    const known = incidentFrom(reportOf(alert(), null, FIRST));
    const repeat = reportOf(alert({ summary: 'disk still full' }), known, LATER);
    expect(repeat.details.alerts[0].startsAt).toBe(FIRST.toISOString());
    expect(decideGroup(repeat, known)).toEqual({ kind: 'duplicate', incidentId: 'incident-1' });
  });

  it('is a new occurrence once its incident was resolved, by the sender or a person', () => {
    const known = incidentFrom(reportOf(alert(), null, FIRST), 'resolved');
    const again = reportOf(alert(), known, LATER);
    expect(again.details.alerts[0].startsAt).toBe(LATER.toISOString());
    expect(decideGroup(again, known)).toEqual({ kind: 'open' });
  });

  it('resolves its incident, keeping what the firing said', () => {
    const known = incidentFrom(reportOf(alert({ links: [{ title: 'Log', url: 'https://ci.example.com/1' }] }), null, FIRST));
    const resolved = reportOf(alert({ status: 'resolved', title: 'Backup done', summary: undefined }), known, LATER);
    const decision = decideGroup(resolved, known);
    expect(decision).toMatchObject({ kind: 'update', resolveIncident: true, resolved: ['backup'] });
    expect(resolved.details).toMatchObject({
      summary: 'disk full',
      links: [{ title: 'Log', url: 'https://ci.example.com/1' }],
      alerts: [{ status: 'resolved', startsAt: FIRST.toISOString(), endsAt: LATER.toISOString() }],
    });
  });

  it('pages without a severity, and says why', () => {
    expect(reportOf(alert(), null, FIRST)).toMatchObject({
      pagingClass: 'always',
      pagingReason: expect.stringContaining('paged to be safe'),
    });
    expect(reportOf(alert({ severity: 'Warning' }), null, FIRST)).toMatchObject({ pagingClass: 'daytime', severity: 'warning' });
  });

  it('names its rule by its title unless its details name one', () => {
    expect(reportOf(alert(), null, FIRST).alertname).toBe('Nightly backup failed');
    expect(reportOf(alert({ details: { alertname: 'BackupFailed' } }), null, FIRST).alertname).toBe('BackupFailed');
  });
});
