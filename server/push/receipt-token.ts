import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A push carries a token naming the incident, device and queued push it went to, signed with a server
 * key. The service worker sends it back as its delivery receipt, which confirms that push.
 */
export interface ReceiptClaims {
  incidentId: string | null;
  deviceId: string;
  /** The outgoing push it confirms (tokens from before the push queue carry a random nonce here instead). */
  pushId: string;
}

const MAC_BYTES = 16;

export function createReceiptTokens(key: Buffer) {
  const mac = (body: string) => createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
  return {
    issue({ incidentId, deviceId, pushId }: ReceiptClaims): string {
      const body = `${incidentId ?? ''}.${deviceId}.${pushId}`;
      return `${body}.${mac(body).toString('base64url')}`;
    },

    /** The claims of a genuine token; null for anything forged or mangled. */
    verify(token: string): ReceiptClaims | null {
      const parts = token.split('.');
      if (parts.length !== 4) return null;
      const body = parts.slice(0, 3).join('.');
      const given = Buffer.from(parts[3], 'base64url');
      if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(body))) return null;
      return { incidentId: parts[0] || null, deviceId: parts[1], pushId: parts[2] };
    },
  };
}
export type ReceiptTokens = ReturnType<typeof createReceiptTokens>;

/** The same receipt always makes the same event id, so a repeated receipt is recorded once. */
export function receiptEventId(token: string): string {
  return 'delivered-' + createHash('sha256').update(token).digest('hex').slice(0, 32);
}
