import { describe, expect, it } from 'vitest';
import type { Actor, TimelineEvent } from '../../shared/timeline.js';
import type { IncidentFacts } from '../insights/incident-facts.js';
import { buildHandoffSummary, handoffLine } from './handoff-summary.js';

const shift = { start: new Date('2026-11-20T12:00:00Z'), end: new Date('2026-11-27T12:00:00Z') };
const alice: Actor = { kind: 'person', email: 'alice@example.com', name: 'Alice' };

function incident(
  id: string,
  pagedAt: string | null,
  alertname: string | null,
  pages: IncidentFacts['pages'] = [],
): IncidentFacts {
  return {
    id,
    title: `Incident ${id}`,
    createdAt: pagedAt ?? '2026-11-21T10:00:00Z',
    rule: alertname ? { alertname, service: null } : null,
    pagedAt,
    acknowledgedAt: null,
    resolvedAt: null,
    actionable: null,
    resolvedWithoutAction: false,
    pointSpans: [],
    pages,
  };
}
const note = (at: string, text: string) =>
  ({ id: at, seq: 1, incidentId: 'x', actor: alice, occurredAt: at, recordedAt: at, type: 'note', text }) as TimelineEvent;

describe('handoff summary', () => {
  const summary = buildHandoffSummary({
    rotation: { id: 'payments', name: 'Payments on-call' },
    shift,
    outgoing: { email: 'alice@example.com', timeZone: 'Europe/Dublin' },
    incoming: 'bob@example.com',
    incidents: [
      {
        facts: incident('1', '2026-11-22T03:10:00Z', 'CheckoutHighErrorRate', [
          { email: 'alice@example.com', at: '2026-11-22T03:10:00Z', rotationId: 'payments' },
        ]),
        open: true,
        point: 'alice@example.com',
        timeline: [
          note('2026-11-22T03:30:00Z', 'Rolled back; watch the error rate after 09:00'),
          note('2026-11-19T10:00:00Z', 'before the shift'),
        ],
      },
      {
        facts: incident('2', '2026-11-23T14:00:00Z', 'CheckoutHighErrorRate', [
          { email: 'alice@example.com', at: '2026-11-23T14:00:00Z', rotationId: 'payments' },
        ]),
        open: false,
        point: null,
        timeline: [note('2026-11-23T14:30:00Z', 'resolved, no note needed')],
      },
      { facts: incident('3', '2026-11-24T15:00:00Z', 'NodeDiskFull'), open: false, point: null, timeline: [] },
      // Paged in the shift before: not this shift's.
      { facts: incident('4', '2026-11-19T15:00:00Z', 'NodeDiskFull'), open: false, point: null, timeline: [] },
    ],
  });

  it('passes on what is open, what paged and how often, night pages and notes on open incidents', () => {
    expect(summary).toEqual({
      rotationId: 'payments',
      rotationName: 'Payments on-call',
      handoffAt: '2026-11-27T12:00:00.000Z',
      outgoing: 'alice@example.com',
      incoming: 'bob@example.com',
      open: [{ id: '1', title: 'Incident 1', point: 'alice@example.com' }],
      paged: [
        { what: 'CheckoutHighErrorRate', count: 2 },
        { what: 'NodeDiskFull', count: 1 },
      ],
      pages: 3,
      outgoingNightPages: 1,
      notes: [
        {
          incidentId: '1',
          incidentTitle: 'Incident 1',
          author: 'alice@example.com',
          text: 'Rolled back; watch the error rate after 09:00',
          at: '2026-11-22T03:30:00Z',
        },
      ],
    });
  });

  it('says it in one line for the notification', () => {
    const names: Record<string, string> = { 'alice@example.com': 'Alice', 'bob@example.com': 'Bob' };
    expect(handoffLine(summary, (e) => names[e])).toBe(
      'Bob takes over from Alice. 1 open. 3 pages last shift (CheckoutHighErrorRate ×2, NodeDiskFull ×1). 1 note for you.',
    );
  });
});
