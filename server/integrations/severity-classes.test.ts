import { describe, expect, it } from 'vitest';
import { classifyAlert, DEFAULT_SEVERITY_CLASSES, severityClasses } from './severity-classes.js';

const defaults = severityClasses();
const classOf = (severity: string) => classifyAlert({ alertname: 'X', severity }, defaults).pagingClass;

describe('severity label → paging class', () => {
  it('maps the usual conventions by default, in any case', () => {
    for (const value of ['critical', 'page', 'error', 'high', 'p1', 'p2', 'sev1', 'sev2', 'Critical', 'P1', 'SEV2']) {
      expect([value, classOf(value)]).toEqual([value, 'always']);
    }
    for (const value of ['warning', 'p3', 'sev3', 'WARNING']) expect([value, classOf(value)]).toEqual([value, 'daytime']);
    for (const value of ['info', 'none', 'p4', 'p5', 'Info']) expect([value, classOf(value)]).toEqual([value, 'never']);
    expect(Object.keys(DEFAULT_SEVERITY_CLASSES)).toHaveLength(15);
  });

  it('lets the config add values and override defaults, keys in any case', () => {
    const classes = severityClasses({ Urgent: 'always', low: 'never', warning: 'always', ' P4 ': 'daytime' });
    expect(classifyAlert({ severity: 'urgent' }, classes)).toEqual({ pagingClass: 'always', severity: 'critical' });
    expect(classifyAlert({ severity: 'LOW' }, classes)).toEqual({ pagingClass: 'never', severity: 'info' });
    expect(classifyAlert({ severity: 'warning' }, classes)).toEqual({ pagingClass: 'always', severity: 'warning' });
    expect(classifyAlert({ severity: 'p4' }, classes)).toEqual({ pagingClass: 'daytime', severity: 'warning' });
    expect(classifyAlert({ severity: 'critical' }, classes).pagingClass).toBe('always');
    // The defaults themselves are left as they were.
    expect(classifyAlert({ severity: 'warning' }, defaults).pagingClass).toBe('daytime');
  });

  it('lets the page label decide over the severity', () => {
    expect(classifyAlert({ page: 'never', severity: 'critical' }, defaults)).toEqual({
      pagingClass: 'never',
      severity: 'critical',
    });
    expect(classifyAlert({ page: 'Always', severity: 'info' }, defaults)).toEqual({ pagingClass: 'always', severity: 'info' });
    expect(classifyAlert({ page: 'daytime' }, defaults)).toEqual({ pagingClass: 'daytime', severity: 'warning' });
    expect(classifyAlert({ page: 'always', severity: 'banana' }, defaults)).toEqual({
      pagingClass: 'always',
      severity: 'critical',
    });
    // A page label that is not a class says nothing: the severity decides.
    expect(classifyAlert({ page: 'yes', severity: 'info' }, defaults).pagingClass).toBe('never');
  });

  it('pages an alert with no severity label, and says why', () => {
    const cases: Record<string, string>[] = [
      { alertname: 'X' },
      { alertname: 'X', severity: '' },
      { alertname: 'X', severity: '  ' },
    ];
    for (const labels of cases) {
      expect(classifyAlert(labels, defaults)).toEqual({
        pagingClass: 'always',
        severity: 'critical',
        reason: 'no severity label: paged to be safe — map it in the config',
      });
    }
  });

  it('pages an alert whose severity it does not know, and names the value', () => {
    expect(classifyAlert({ severity: 'banana' }, defaults)).toEqual({
      pagingClass: 'always',
      severity: 'critical',
      reason: 'unknown severity "banana": paged to be safe — map it in the config (severities:)',
    });
    const long = classifyAlert({ severity: 'x'.repeat(500) }, defaults).reason!;
    expect(long).toContain(`"${'x'.repeat(40)}…"`);
    expect(long.length).toBeLessThan(120);
  });

  it('shows the label as the severity when it is one, else the severity that matches the class', () => {
    expect(classifyAlert({ severity: 'Warning' }, defaults).severity).toBe('warning');
    expect(classifyAlert({ severity: 'P1' }, defaults).severity).toBe('critical');
    expect(classifyAlert({ severity: 'sev3' }, defaults).severity).toBe('warning');
    expect(classifyAlert({ severity: 'p5' }, defaults).severity).toBe('info');
    expect(classifyAlert({ severity: 'info' }, severityClasses({ info: 'always' }))).toEqual({
      pagingClass: 'always',
      severity: 'info',
    });
  });
});
