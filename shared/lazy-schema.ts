/**
 * A schema built the first time it is used instead of when its module loads. zod v4 does real work for
 * each schema it makes (it binds every method onto every instance): the app's first chunk built every
 * schema in shared/ before React could start, ~240 ms of a cold start at 4× CPU throttling, when the
 * incident list needs a handful. The proxy answers for the schema everywhere it is used: its methods,
 * `instanceof`, and nested in other schemas (zod reads a nested schema's `_zod`, which builds it).
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = () => (built ??= build());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(schema(), key),
    set: (_, key, value) => Reflect.set(schema(), key, value),
    has: (_, key) => Reflect.has(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
