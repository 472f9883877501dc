import { z } from 'zod/v4';

/**
 * What the app's modules get for `'zod'` (aliased in vite.config.ts): zod, set to build parsers without
 * eval before any schema exists. Zod decides as each schema is made, and even its probe for eval is a
 * violation of the Content-Security-Policy, which forbids eval.
 */
z.config({ jitless: true });

export * from 'zod/v4';
