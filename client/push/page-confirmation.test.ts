import { describe, expect, it } from 'vitest';
import { unconfirmedPageAt } from './page-confirmation.js';

const sentAt = '2026-11-23T03:12:00.000Z';
const at = (iso: string) => Date.parse(iso);

describe('a device whose last page went unconfirmed', () => {
  it('is flagged two minutes after the page went out with no receipt', () => {
    const device = { lastPage: { sentAt, confirmedAt: null }, lastDeliveredAt: null };
    expect(unconfirmedPageAt(device, at('2026-11-23T03:13:59.000Z'))).toBeNull();
    expect(unconfirmedPageAt(device, at('2026-11-23T03:14:00.000Z'))).toBe(sentAt);
  });

  it('is not flagged with no page, a confirmed page, or a push that reached it since', () => {
    const late = at('2026-11-23T04:00:00.000Z');
    expect(unconfirmedPageAt({ lastPage: null, lastDeliveredAt: null }, late)).toBeNull();
    expect(
      unconfirmedPageAt({ lastPage: { sentAt, confirmedAt: '2026-11-23T03:12:02.000Z' }, lastDeliveredAt: null }, late),
    ).toBeNull();
    const testPageSince = { lastPage: { sentAt, confirmedAt: null }, lastDeliveredAt: '2026-11-23T03:20:00.000Z' };
    expect(unconfirmedPageAt(testPageSince, late)).toBeNull();
    const deliveredBefore = { lastPage: { sentAt, confirmedAt: null }, lastDeliveredAt: '2026-11-23T02:00:00.000Z' };
    expect(unconfirmedPageAt(deliveredBefore, late)).toBe(sentAt);
  });
});
