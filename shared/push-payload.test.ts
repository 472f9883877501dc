import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutText, fitPushPayload, MAX_PAYLOAD_BYTES, minimalPushPayload, type PushPayload } from './push-payload.js';

const base: PushPayload = {
  kind: 'page',
  receipt: 'a'.repeat(120),
  incidentId: '0b4ad6a4-52f6-4d54-9c2c-58ab33e0a2f5',
  title: 'Checkout latency',
  severity: 'critical',
  summary: 'p99 over 2 s',
  url: '/incidents/0b4ad6a4-52f6-4d54-9c2c-58ab33e0a2f5',
  sentAt: '2026-11-29T03:12:00.000Z',
};
const size = (p: PushPayload) => new TextEncoder().encode(JSON.stringify(p)).length;

describe('push payloads fit', () => {
  it('leaves a payload that fits as it is', () => {
    expect(fitPushPayload(base)).toEqual(base);
  });

  it('cuts a 500-character title and a 5,000-character stack trace to fit, saying so with …', () => {
    const fitted = fitPushPayload({ ...base, title: 'T'.repeat(500), summary: 'at Foo.bar (x.js:1)\n'.repeat(250) });
    expect(size(fitted)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(fitted.title.startsWith('TTTT')).toBe(true);
    expect(fitted.summary.endsWith('…')).toBe(true);
    expect(fitted.summary.length).toBeGreaterThan(1000);
  });

  it('never cuts inside a surrogate pair: a 4-byte emoji at the cut stays whole or goes', () => {
    const text = 'x'.repeat(2998) + '🔥🔥🔥';
    const cut = cutText(text, 3000);
    expect(cut).toBe('x'.repeat(2997) + '…');
    expect(cutText('ab🔥cdef', 9)).toBe('ab🔥…');
    expect(cutText('ab🔥cdef', 8)).toBe('ab…');
    for (let i = 0; i < cut.length; i++) {
      const code = cut.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff) expect(cut.charCodeAt(i + 1)).toBeGreaterThanOrEqual(0xdc00);
    }
  });

  it('fits whatever the text: escapes, control characters, emoji, any length', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 6000 }),
        fc.string({ unit: 'binary', maxLength: 3000 }),
        (summary, title) => {
          const fitted = fitPushPayload({ ...base, title, summary });
          expect(size(fitted)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
          expect(() => new TextEncoder().encode(fitted.title + fitted.summary)).not.toThrow();
          const kept = fitted.title === title ? title : fitted.title.replace(/…$/, '');
          expect(title.startsWith(kept)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a minimal payload keeps the incident and a short title', () => {
    const minimal = minimalPushPayload({ ...base, title: 'Disk full on '.repeat(40), summary: 'y'.repeat(2000) });
    expect(minimal.incidentId).toBe(base.incidentId);
    expect(minimal.title.length).toBeLessThanOrEqual(80);
    expect(size(minimal)).toBeLessThan(600);
  });
});
