import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './throwaway-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL the tests use; each test makes its own database on it. */
    postgresUrl: string;
  }
}

/** Every Vitest run gets a PostgreSQL: ONPOINT_TEST_DATABASE_URL if set, else a throwaway cluster stopped afterwards. */
export default async function setup(project: TestProject) {
  const given = process.env.ONPOINT_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return;
  }
  const cluster = await startThrowawayPostgres();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
