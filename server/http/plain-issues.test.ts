import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseBody } from './errors.js';

const Alert = z.strictObject({
  title: z.string().trim().min(1).max(200),
  severity: z.enum(['critical', 'warning', 'info']).optional(),
  count: z.number().int().max(10).optional(),
  links: z
    .array(z.strictObject({ url: z.url() }))
    .max(2)
    .optional(),
  status: z.enum(['firing', 'resolved'], { error: 'must be "firing" or "resolved"' }).optional(),
  end: z
    .string()
    .refine((end) => end > '2026', { message: 'end must be after start' })
    .optional(),
});

const refusal = (value: unknown): string => {
  try {
    parseBody(Alert, value, 'alert');
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the body was accepted');
};

describe('a refused body, in plain words', () => {
  it.each([
    [{}, 'The alert is not valid: title is missing'],
    [{ title: 42 }, 'The alert is not valid: title must be text'],
    [{ title: ' ' }, 'The alert is not valid: title must not be empty'],
    [{ title: 't'.repeat(201) }, 'The alert is not valid: title must be at most 200 characters'],
    [{ title: 'x', severity: 'high' }, 'The alert is not valid: severity must be one of critical, warning, info'],
    [{ title: 'x', count: 1.5 }, 'The alert is not valid: count must be a whole number'],
    [{ title: 'x', count: 11 }, 'The alert is not valid: count must be at most 10'],
    [{ title: 'x', links: [{ url: 'no' }] }, 'The alert is not valid: links[0].url must be a web address'],
    [{ title: 'x', links: [{}, {}, {}] }, 'The alert is not valid: links must have at most 2 entries'],
    [{ title: 'x', links: 'a' }, 'The alert is not valid: links must be a list'],
    [{ title: 'x', summmary: 'typo' }, 'The alert is not valid: summmary is not a known field'],
    [[], 'The alert is not valid: the alert must be an object'],
  ])('%j is refused with "%s"', (value, message) => {
    expect(refusal(value)).toBe(message);
  });

  it("keeps a schema's own words, naming the field once", () => {
    expect(refusal({ title: 'x', status: 'open' })).toBe('The alert is not valid: status must be "firing" or "resolved"');
    expect(refusal({ title: 'x', end: '2025' })).toBe('The alert is not valid: end must be after start');
  });

  it('lists every problem', () => {
    expect(refusal({ severity: 'high' })).toBe(
      'The alert is not valid: title is missing; severity must be one of critical, warning, info',
    );
  });
});
