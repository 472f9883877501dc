import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createReceiptTokens, receiptEventId } from './receipt-token.js';

describe('delivery receipt tokens', () => {
  const tokens = createReceiptTokens(randomBytes(32));

  it('gives back what the server put in', () => {
    const token = tokens.issue({ incidentId: 'inc-1', deviceId: 'dev-1' });
    expect(tokens.verify(token)).toEqual({ incidentId: 'inc-1', deviceId: 'dev-1' });
    expect(tokens.verify(tokens.issue({ incidentId: null, deviceId: 'dev-1' }))).toEqual({ incidentId: null, deviceId: 'dev-1' });
  });

  it('refuses a token whose claims were changed, or one signed with another key', () => {
    const token = tokens.issue({ incidentId: 'inc-1', deviceId: 'dev-1' });
    expect(tokens.verify(token.replace('inc-1', 'inc-2'))).toBeNull();
    expect(tokens.verify(createReceiptTokens(randomBytes(32)).issue({ incidentId: 'inc-1', deviceId: 'dev-1' }))).toBeNull();
    expect(tokens.verify('garbage')).toBeNull();
  });

  it('makes one event id per receipt, different for each push', () => {
    const a = tokens.issue({ incidentId: 'inc-1', deviceId: 'dev-1' });
    const b = tokens.issue({ incidentId: 'inc-1', deviceId: 'dev-1' });
    expect(receiptEventId(a)).toBe(receiptEventId(a));
    expect(receiptEventId(a)).not.toBe(receiptEventId(b));
  });
});
