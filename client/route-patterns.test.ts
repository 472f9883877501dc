import { describe, expect, it } from 'vitest';
import { parse } from 'regexparam';
import { matchRoute } from 'wouter';
import { rememberingPatterns } from './route-patterns.js';

/** wouter's own parser, what the app hands it (remembered). */
const defaultParser = parse;

describe('route patterns made once', () => {
  it('matches the same paths, with the same params, as wouter alone', () => {
    const parser = rememberingPatterns(defaultParser);
    for (let render = 0; render < 3; render++) {
      expect(matchRoute(parser, '/incidents/:id', '/incidents/abc-123')).toEqual([true, { 0: 'abc-123', id: 'abc-123' }]);
      expect(matchRoute(parser, '/incidents/:id', '/playbooks/disk-full')).toEqual([false, null]);
      expect(matchRoute(parser, '/playbooks', '/playbooks')).toEqual(matchRoute(defaultParser, '/playbooks', '/playbooks'));
    }
  });

  it('turns each pattern into a RegExp once, keeping loose (nested) and exact apart', () => {
    let made = 0;
    const parser = rememberingPatterns((route, loose) => {
      made++;
      return defaultParser(route, loose);
    });
    for (let render = 0; render < 10; render++) parser('/incidents/:id');
    expect(made).toBe(1);
    expect(matchRoute(parser, '/incidents', '/incidents/abc', true)[0]).toBe(true);
    expect(matchRoute(parser, '/incidents', '/incidents/abc')[0]).toBe(false);
    expect(made).toBe(3);
  });
});
