import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

describe('a lazy schema', () => {
  it('is built once, on first use, and then parses as the schema it stands for, nested too', () => {
    let builds = 0;
    const Name = lazySchema(() => {
      builds++;
      return z.string().min(1);
    });
    const Person = lazySchema(() => z.object({ name: Name, friends: z.array(Name).optional() }));
    expect(builds).toBe(0);

    expect(Person.parse({ name: 'Bob', friends: ['Carol'] })).toEqual({ name: 'Bob', friends: ['Carol'] });
    expect(Person.safeParse({ name: '' }).error?.issues[0].path).toEqual(['name']);
    expect(Name.nullable().parse(null)).toBeNull();
    expect(Person).toBeInstanceOf(z.ZodObject);
    expect(builds).toBe(1);
  });
});
