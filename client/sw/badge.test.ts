import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IncidentSummary } from '../../shared/api.js';
import { initialState } from '../../shared/reducer.js';
import { refreshBadge } from './badge.js';

const incident = (id: string, state: Partial<IncidentSummary['state']> = {}, pagingClass = 'always'): IncidentSummary =>
  ({
    id,
    title: id,
    severity: 'critical',
    pagingClass,
    playbook: null,
    createdAt: '2026-11-29T03:00:00Z',
    state: { ...initialState, ...state },
  }) as IncidentSummary;

/** The worker's navigator as Chromium gives it to an installed app: the badge it last set. */
function fakeWorker() {
  const badge = { count: null as number | null };
  const navigator = {
    setAppBadge: vi.fn((count: number) => Promise.resolve(void (badge.count = count))),
    clearAppBadge: vi.fn(() => Promise.resolve(void (badge.count = 0))),
  };
  vi.stubGlobal('self', { navigator });
  return badge;
}

const serverSays = (incidents: IncidentSummary[]) =>
  vi.stubGlobal(
    'fetch',
    vi.fn(() =>
      Promise.resolve(new Response(JSON.stringify({ incidents }), { headers: { 'Content-Type': 'application/json' } })),
    ),
  );

describe('the badge the service worker sets, on a push and on an acknowledgement from a notification', () => {
  let badge: ReturnType<typeof fakeWorker>;
  beforeEach(() => {
    badge = fakeWorker();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('counts what pages and nobody has taken, from the server', async () => {
    serverSays([
      incident('paging'),
      incident('also paging'),
      incident('taken', { status: 'acknowledged', point: 'alice@example.com' }),
      incident('info', {}, 'never'),
      incident('waits for 09:00', { pagesAt: '2026-11-30T09:00:00Z' }, 'daytime'),
      incident('done', { status: 'resolved' }),
    ]);
    await refreshBadge();
    expect(badge.count).toBe(2);
  });

  it('clears it once the last one is acknowledged', async () => {
    serverSays([incident('paging')]);
    await refreshBadge();
    serverSays([incident('paging', { status: 'acknowledged', point: 'alice@example.com' })]);
    await refreshBadge();
    expect(badge.count).toBe(0);
  });

  it('keeps the last count without a connection', async () => {
    serverSays([incident('paging')]);
    await refreshBadge();
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await refreshBadge();
    expect(badge.count).toBe(1);
  });
});
