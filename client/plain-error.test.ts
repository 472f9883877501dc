import { describe, expect, it } from 'vitest';
import { ApiError } from './api.js';
import { plainErrorText } from './plain-error.js';

describe('errors a person reads', () => {
  it('turns an error the browser raised into plain words', () => {
    let raised: unknown;
    try {
      new Date('').toISOString();
    } catch (err) {
      raised = err;
    }
    expect(plainErrorText(raised as Error)).not.toMatch(/Invalid time value/);
    expect(plainErrorText(new DOMException('Registration failed - permission denied', 'AbortError'))).toBe(
      'Something went wrong on this device. Try again; if it keeps happening, reload onpoint.',
    );
  });

  it("keeps onpoint's own words", () => {
    expect(plainErrorText(new ApiError(409, 'resolved', 'The incident is already resolved'))).toBe(
      'The incident is already resolved',
    );
  });
});
