import { describe, expect, it } from 'vitest';
import { groupTitle } from './group-title.js';

describe('the title of an alert group', () => {
  it('says "1 alert", not "1 alerts"', () => {
    expect(groupTitle({ alertnames: ['DiskFull'], groupLabels: { alertname: 'DiskFull' }, count: 1 })).toBe('DiskFull: 1 alert');
    expect(groupTitle({ alertnames: ['DiskFull', 'DiskFull'], groupLabels: { service: 'db' }, count: 2 })).toBe(
      'DiskFull: 2 alerts on db',
    );
  });

  it('names a group of several alert names by its group labels', () => {
    expect(groupTitle({ alertnames: ['DbConnFull', 'DbSlow', 'DbSlow'], groupLabels: { cluster: 'eu-1' }, count: 65 })).toBe(
      'cluster=eu-1: 65 alerts',
    );
  });

  it('names a group of several alert names grouped by nothing by its names, a few of them', () => {
    expect(groupTitle({ alertnames: ['DbConnFull', 'DbSlow'], groupLabels: {}, count: 2 })).toBe('2 alerts: DbConnFull, DbSlow');
    expect(groupTitle({ alertnames: ['A', 'B', 'C', 'D', 'E'], groupLabels: {}, count: 9 })).toBe('9 alerts: A, B, C + 2 more');
  });

  it('says a shared summary as it is', () => {
    expect(groupTitle({ alertnames: ['A', 'B'], groupLabels: {}, count: 2, summary: 'Checkout is down' })).toBe(
      'Checkout is down',
    );
  });
});
