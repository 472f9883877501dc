import type { Parser } from 'wouter';

/**
 * wouter turns each route's pattern into a RegExp every time a `Switch` renders, and the screens render
 * again with every change to the incident list: each pattern is turned once instead.
 */
export function rememberingPatterns(parse: Parser): Parser {
  const made = new Map<string, ReturnType<Parser>>();
  return (route, loose) => {
    const key = `${loose ? 'loose' : 'exact'} ${route}`;
    let pattern = made.get(key);
    if (!pattern) made.set(key, (pattern = parse(route, loose)));
    return pattern;
  };
}
