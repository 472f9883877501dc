/**
 * The transport floor: what the server's CPU per push could not go below at a given rate even if onpoint stored
 * nothing — a bare Fastify route taking the same Alertmanager webhooks, and onpoint's push sender alone sending
 * real, accepted pushes to the push-service double. Each runs in a process of its own (this one plays Alertmanager
 * and the push service), both at once as in the real phase, paced the same way, warmed up first.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../e2e/support/onpoint-server.js';
import type { PushServiceDouble, ReceivedPush } from '../../e2e/support/push-service-double.js';
import type { PushOptions } from '../../server/push/sender.js';
import { benchAlert, postAlert } from './alert-source.js';
import { paced } from './paced.js';
import { procStat } from './proc-stat.js';
import type { PushFloorJob, PushFloorResult } from './push-sender-child.js';

export interface TransportFloorOptions {
  rate: number;
  warmupSeconds: number;
  seconds: number;
  /** Pushes per alert, one per device. */
  devices: number;
  push: PushServiceDouble;
  ca: string;
  /** A push onpoint sent in the real phase: its text is sent again, with its TTL, urgency and topic. */
  sample: ReceivedPush;
}

export interface TransportFloor {
  webhooks: number;
  webhooksAnswered: number;
  webhookCpuMs: number;
  pushes: number;
  /** Over warm-up and measured part: tried, and received (VAPID checked, body decrypted) by the double. */
  pushesTried: number;
  pushesReceived: number;
  pushProblems: string[];
  pushCpuMs: number;
}

/** The sample's TTL, urgency and topic, as onpoint set them for a page. */
function pageOptionsOf(sample: ReceivedPush): PushOptions {
  if (sample.urgency !== 'high' || !sample.topic) {
    throw new Error(`the sample push is not a page (urgency ${sample.urgency}, topic ${sample.topic})`);
  }
  return { ttlSeconds: sample.ttl, urgency: sample.urgency, topic: sample.topic };
}

function startChild(script: string): ChildProcess {
  return fork(join(ROOT, 'bench', 'page-latency', script), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function firstMessage<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${what} exited (${code}) before answering`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
  });
}

async function measureWebhooks(url: URL, pid: number, options: TransportFloorOptions) {
  const post = (i: number) => postAlert(url, benchAlert(i + 1).body);
  await paced(options.rate, options.rate * options.warmupSeconds, post);
  const before = procStat(pid).cpuMs;
  const answered = await paced(options.rate, options.rate * options.seconds, post);
  return { webhooks: answered.length, answered: answered.filter(Boolean).length, cpuMs: procStat(pid).cpuMs - before };
}

export async function measureTransportFloor(options: TransportFloorOptions): Promise<TransportFloor> {
  const webhookServer = startChild('bare-webhook-child.ts');
  const pushSender = startChild('push-sender-child.ts');
  try {
    const port = await firstMessage<number>(webhookServer, 'the bare webhook server');
    const subscriptions = Array.from({ length: options.devices }, () => options.push.subscribe());
    const job: PushFloorJob = {
      ca: options.ca,
      targets: subscriptions.map((s) => ({ endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth })),
      payload: options.sample.text,
      options: pageOptionsOf(options.sample),
      rate: options.rate,
      warmupSeconds: options.warmupSeconds,
      seconds: options.seconds,
    };
    const pushResult = firstMessage<PushFloorResult>(pushSender, 'the push sender');
    pushSender.send(job);
    const webhooks = await measureWebhooks(
      new URL(`http://127.0.0.1:${port}/api/integrations/alertmanager`),
      webhookServer.pid!,
      options,
    );
    const pushes = await pushResult;
    return {
      webhooks: webhooks.webhooks,
      webhooksAnswered: webhooks.answered,
      webhookCpuMs: webhooks.cpuMs / webhooks.webhooks,
      pushes: pushes.pushes,
      pushesTried: pushes.tried,
      pushesReceived: subscriptions.reduce((sum, s) => sum + options.push.pushesFor(s.id).length, 0),
      pushProblems: [...new Set(pushes.notSent)],
      pushCpuMs: pushes.cpuMs / pushes.pushes,
    };
  } finally {
    await Promise.all([webhookServer, pushSender].map(stop));
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
