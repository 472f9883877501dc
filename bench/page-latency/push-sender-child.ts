/**
 * The push half of the transport floor, in a process of its own: onpoint's own sender (web-push over a keep-alive
 * https Agent, TTL, a cached VAPID header) and nothing else — no store, no queue. Told what to send by its parent,
 * it sends one push to each target per tick at `rate` ticks a second, first for `warmupSeconds` and then for
 * `seconds`, and answers with the CPU this process spent on the second part.
 */
import webpush from 'web-push';
import { systemClock } from '../../server/clock.js';
import { createPushAllowList } from '../../server/push/allow-list.js';
import type { PushOptions, PushTarget } from '../../server/push/sender.js';
import { createPushSender } from '../../server/push/sender.js';
import { paced } from './paced.js';

export interface PushFloorJob {
  ca: string;
  targets: PushTarget[];
  payload: string;
  options: PushOptions;
  rate: number;
  warmupSeconds: number;
  seconds: number;
}

export interface PushFloorResult {
  /** Pushes sent in the measured part, and the CPU (user + system) this process spent meanwhile. */
  pushes: number;
  cpuMs: number;
  /** Over the warm-up and the measured part: how many were tried, and why those the push service refused were. */
  tried: number;
  notSent: string[];
}

async function run(job: PushFloorJob): Promise<PushFloorResult> {
  const send = createPushSender({
    vapid: webpush.generateVAPIDKeys(),
    subject: 'mailto:bench@example.com',
    allowList: createPushAllowList(job.targets.map((t) => new URL(t.endpoint).host)),
    now: systemClock,
    ca: job.ca,
  });
  const tick = () => Promise.all(job.targets.map((target) => send(target, job.payload, job.options)));
  const warmup = await paced(job.rate, job.rate * job.warmupSeconds, tick);
  const before = process.cpuUsage();
  const measured = await paced(job.rate, job.rate * job.seconds, tick);
  const cpu = process.cpuUsage(before);
  const outcomes = [...warmup, ...measured].flat();
  return {
    pushes: measured.flat().length,
    cpuMs: (cpu.user + cpu.system) / 1000,
    tried: outcomes.length,
    notSent: outcomes.flatMap((o) => (o.kind === 'sent' ? [] : [o.reason])),
  };
}

process.once('message', (job: PushFloorJob) => {
  void run(job).then((result) =>
    // The Agent's keep-alive sockets would hold the process open: it ends once the answer is out.
    process.send!(result, () => process.exit(0)),
  );
});
