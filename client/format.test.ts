import { describe, expect, it } from 'vitest';
import type { Team } from '../shared/api.js';
import type { TimelineEvent } from '../shared/timeline.js';
import { describeEvent, namesOnTimeline } from './format.js';

const at = '2026-11-22T03:00:00Z';
const base = { incidentId: 'i1', occurredAt: at, recordedAt: at };
const ack: TimelineEvent = {
  ...base,
  id: 'e1',
  seq: 1,
  type: 'ack',
  actor: { kind: 'person', email: 'bob@example.com', name: 'Bob' },
};
const paged: TimelineEvent = {
  ...base,
  id: 'e2',
  seq: 2,
  type: 'paged',
  actor: { kind: 'system', name: 'onpoint' },
  person: 'bob@example.com',
  deviceId: 'd1',
  deviceName: 'Pixel 8',
};

describe('names on the timeline', () => {
  it('names people from the team', () => {
    const team: Team = { name: 'T', people: [{ email: 'bob@example.com', name: 'Bob B.', lead: false, devices: 1 }] };
    expect(describeEvent(paged, team)).toBe('paged Bob B. · Pixel 8');
  });

  it('names people from their own actions while the team is not known (offline, first start)', () => {
    expect(describeEvent(paged, undefined, namesOnTimeline([ack, paged]))).toBe('paged Bob · Pixel 8');
  });
});
