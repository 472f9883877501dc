import { describe, expect, it } from 'vitest';
import { escalateButton, escalatesTo } from './escalate-to.js';

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

  describe('the button', () => {
    const names: Record<string, string> = {
      'alice@example.com': 'Alice',
      'bob@example.com': 'Bob',
      'carol@example.com': 'Carol',
    };
    const label = (step: number, me = 'alice@example.com', policy = escalation) =>
      escalateButton(step, policy, me, (email) => names[email]).label;
    const twoLevels = { levels: [['alice@example.com'], ['bob@example.com']], lastStep: 1 };

    it('names who it pages next', () => {
      expect(label(0, 'alice@example.com', twoLevels)).toBe('Escalate to Bob');
      expect(label(0)).toBe('Escalate to Bob, Carol');
    });

    it('pages the last level again once it has been paged: it does not pretend to climb', () => {
      expect(label(1, 'alice@example.com', twoLevels)).toBe('Page Bob again');
      expect(label(3)).toBe('Page Bob, Carol again');
    });

    it('leaves out the person tapping it', () => {
      expect(label(3, 'bob@example.com')).toBe('Page Carol again');
    });

    it('pages nobody but the person tapping it at the last level: it says so, and pages no one', () => {
      expect(escalateButton(1, twoLevels, 'bob@example.com', (email) => names[email])).toEqual({
        label: 'No one above you',
        pagesSomeone: false,
      });
      expect(escalateButton(0, twoLevels, 'alice@example.com', (email) => names[email]).pagesSomeone).toBe(true);
    });

    it('says only "the next level" until the app has the levels', () => {
      expect(escalateButton(0, undefined, 'alice@example.com', (email) => names[email]).label).toBe('Escalate to the next level');
    });
  });
});
