import { describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../shared/api.js';
import { initialState } from '../shared/reducer.js';
import { groupIncidents, isMine } from './incident-groups.js';

type Changes = Partial<Omit<IncidentSummary, 'state'>> & { state?: Partial<IncidentSummary['state']> };

const incident = (id: string, over: Changes = {}): IncidentSummary => ({
  id,
  title: id,
  severity: 'critical' as const,
  pagingClass: 'always' as const,
  playbook: null,
  createdAt: '2026-11-22T03:00:00Z',
  ...over,
  state: { ...initialState, ...over.state },
});

describe('the incident list by urgency', () => {
  it('puts what pages and nobody took first, the quiet ones after the acknowledged', () => {
    const groups = groupIncidents([
      incident('info', { severity: 'info', pagingClass: 'never', createdAt: '2026-11-22T03:05:00Z' }),
      incident('night-warning', { severity: 'warning', pagingClass: 'daytime', state: { pagesAt: '2026-11-23T09:00:00Z' } }),
      incident('taken', { state: { status: 'acknowledged', point: 'bob@example.com' } }),
      incident('warning', { severity: 'warning', createdAt: '2026-11-22T03:09:00Z' }),
      incident('critical', { createdAt: '2026-11-22T03:01:00Z' }),
      incident('done', { state: { status: 'resolved' } }),
    ]);
    expect(groups.urgent.map((i) => i.id)).toEqual(['critical', 'warning']);
    expect(groups.acknowledged.map((i) => i.id)).toEqual(['taken']);
    expect(groups.quiet.map((i) => i.id)).toEqual(['night-warning', 'info']);
    expect(groups.resolved.map((i) => i.id)).toEqual(['done']);
  });

  it('counts as mine what I have point on or was paged for', () => {
    expect(isMine(incident('a', { state: { point: 'me@example.com' } }), 'me@example.com')).toBe(true);
    expect(isMine(incident('b', { state: { paged: ['me@example.com'] } }), 'me@example.com')).toBe(true);
    expect(isMine(incident('c', { state: { paged: ['bob@example.com'] } }), 'me@example.com')).toBe(false);
  });
});
