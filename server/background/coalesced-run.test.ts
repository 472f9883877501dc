import { describe, expect, it } from 'vitest';
import { coalescedRun } from './coalesced-run.js';

describe('coalesced run', () => {
  it('runs once more after calls that came while it ran, however many, and never two at a time; they wait for it', async () => {
    let runs = 0;
    let running = 0;
    let release: () => void = () => {};
    const run = coalescedRun(async () => {
      running++;
      expect(running).toBe(1);
      runs++;
      if (runs === 1) await new Promise<void>((r) => (release = r));
      running--;
    });
    const first = run();
    const meanwhile = Promise.all([run(), run(), run()]);
    release();
    await meanwhile;
    expect(runs).toBe(2);
    await first;
    await run();
    expect(runs).toBe(3);
  });
});
