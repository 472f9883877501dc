/**
 * Runs `work` one at a time. A call while it runs makes it run once more when it is done, however many
 * calls came meanwhile: a wake-up is never lost, and never doubles the work. Every call's promise settles
 * when a run that started after the call is done, so whoever awaits it sees their wake-up's work finished.
 */
export function coalescedRun(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return function run() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await work();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
