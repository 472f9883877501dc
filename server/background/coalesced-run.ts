/**
 * Runs `work` one at a time. A call while it runs makes it run once more when it is done, however many
 * calls came meanwhile: a wake-up is never lost, and never doubles the work.
 */
export function coalescedRun(work: () => Promise<void>): () => Promise<void> {
  let running = false;
  let again = false;
  return async function run() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await work();
      } while (again);
    } finally {
      running = false;
    }
  };
}
