import { describe, expect, it } from 'vitest';
import { escalatesTo } from './escalate-to.js';

const escalation = { levels: [['alice@example.com'], ['bob@example.com', 'carol@example.com']], lastStep: 3 };

describe('who Escalate pages next', () => {
  it('is the first level before any page, then the level after the one paged last', () => {
    expect(escalatesTo(-1, escalation)).toEqual(['alice@example.com']);
    expect(escalatesTo(0, escalation)).toEqual(['bob@example.com', 'carol@example.com']);
    // With repeats the climb runs through the levels again.
    expect(escalatesTo(1, escalation)).toEqual(['alice@example.com']);
  });

  it('is the last level again once the climb has reached it', () => {
    expect(escalatesTo(3, escalation)).toEqual(['bob@example.com', 'carol@example.com']);
  });

  it('is unknown until the app has the levels', () => {
    expect(escalatesTo(0, undefined)).toBeNull();
  });
});
