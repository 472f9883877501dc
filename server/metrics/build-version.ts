import { readFileSync } from 'node:fs';

/** The version package.json gives onpoint: what `onpoint_build_info` reports. */
export const BUILD_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
