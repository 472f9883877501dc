import { describe, expect, it } from 'vitest';
import { handoffRefusal } from './point-rules.js';

const bob = { email: 'bob@example.com', lead: false };
const carol = { email: 'carol@example.com', lead: true };

describe('who may hand point off', () => {
  it('with nobody on point: only a lead (the first ack takes it otherwise)', () => {
    expect(handoffRefusal(null, bob)).toBe('nobody_on_point');
    expect(handoffRefusal(null, carol)).toBeNull();
  });

  it('with someone on point: they or a lead', () => {
    expect(handoffRefusal('alice@example.com', bob)).toBe('not_point');
    expect(handoffRefusal('bob@example.com', bob)).toBeNull();
    expect(handoffRefusal('alice@example.com', carol)).toBeNull();
  });
});
