import { describe, expect, it } from 'vitest';
import type { IncidentView } from '../shared/api.js';
import { foldIncident } from '../shared/reducer.js';
import type { TimelineEvent } from '../shared/timeline.js';
import { withLiveEvents } from './queries.js';

const at = '2026-11-29T03:14:00.000Z';
const base = { incidentId: 'i1', occurredAt: at, recordedAt: at };
const opened: TimelineEvent = {
  ...base,
  id: 'e1',
  seq: 1,
  actor: { kind: 'system', name: 'Alertmanager' },
  type: 'triggered',
  source: 'am',
  title: 'Checkout down',
  severity: 'critical',
  pagingClass: 'always',
};
const acked: TimelineEvent = { ...base, id: 'e2', seq: 2, actor: { kind: 'person', email: 'a@x', name: 'A' }, type: 'ack' };
const receipt: TimelineEvent = {
  ...base,
  id: 'e3',
  seq: 3,
  actor: { kind: 'system', name: 'onpoint' },
  type: 'delivered',
  person: 'b@x',
  deviceId: 'd1',
  deviceName: 'Pixel 8',
};
const view = (timeline: TimelineEvent[]): IncidentView => ({
  id: 'i1',
  title: 'Checkout down',
  severity: 'critical',
  pagingClass: 'always',
  playbook: null,
  createdAt: at,
  state: foldIncident(timeline),
  details: { labels: {}, annotations: {}, alerts: [], truncatedAlerts: 0 } as unknown as IncidentView['details'],
  timeline,
  playbookContent: null,
});

describe('an incident fetched while the live stream brought newer events', () => {
  it('keeps the newer events, and the state they make', () => {
    const merged = withLiveEvents(view([opened]), view([opened, acked, receipt]));
    expect(merged.timeline.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(merged.state.status).toBe('acknowledged');
  });

  it('is the fetched incident when it is as new as the cache', () => {
    const fetched = view([opened, acked]);
    expect(withLiveEvents(fetched, view([opened]))).toBe(fetched);
    expect(withLiveEvents(fetched, undefined)).toBe(fetched);
  });
});
