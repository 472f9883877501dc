import { ensureClientBuilt } from '../../server/client-build.js';

/** Tests run the server with ONPOINT_SKIP_BUILD, so the app is built once here, only if it changed. */
export default function globalSetup(): void {
  ensureClientBuilt((line) => console.log(line));
}
