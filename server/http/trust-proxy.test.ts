import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from './trust-proxy.js';

describe('ONPOINT_TRUST_PROXY', () => {
  it('is off unless set', () => {
    for (const off of [undefined, '', '0', 'false']) expect(parseTrustProxy(off)).toBe(false);
  });

  it('takes a hop count', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy(' 2 ')).toBe(2);
  });

  it('takes proxy addresses, CIDRs and the private range names', () => {
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,fd00::/8, loopback')).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses "trust every hop", saying what to set instead', () => {
    expect(() => parseTrustProxy('true')).toThrow(/number of proxies in front of onpoint/);
  });

  it('names what it cannot read', () => {
    expect(() => parseTrustProxy('10.0.0.0/33, nginx, 10.1.1.1')).toThrow(/"10\.0\.0\.0\/33", "nginx" is not a hop count/);
    expect(() => parseTrustProxy('-1')).toThrow(/"-1"/);
  });
});
