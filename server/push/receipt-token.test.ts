import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createReceiptTokens, receiptEventId } from './receipt-token.js';

describe('delivery receipt tokens', () => {
  const tokens = createReceiptTokens(randomBytes(32));
  const claims = { incidentId: 'inc-1', deviceId: 'dev-1', pushId: 'push-1' };

  it('gives back what the server put in', () => {
    expect(tokens.verify(tokens.issue(claims))).toEqual(claims);
    const test = { incidentId: null, deviceId: 'dev-1', pushId: 'push-2' };
    expect(tokens.verify(tokens.issue(test))).toEqual(test);
  });

  it('refuses a token whose claims were changed, or one signed with another key', () => {
    const token = tokens.issue(claims);
    expect(tokens.verify(token.replace('inc-1', 'inc-2'))).toBeNull();
    expect(tokens.verify(token.replace('push-1', 'push-3'))).toBeNull();
    expect(tokens.verify(createReceiptTokens(randomBytes(32)).issue(claims))).toBeNull();
    expect(tokens.verify('garbage')).toBeNull();
  });

  it('makes one event id per receipt, different for each push', () => {
    const a = tokens.issue(claims);
    const b = tokens.issue({ ...claims, pushId: 'push-2' });
    expect(receiptEventId(a)).toBe(receiptEventId(tokens.issue(claims)));
    expect(receiptEventId(a)).not.toBe(receiptEventId(b));
  });
});
