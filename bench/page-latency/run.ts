/**
 * Page latency: from the webhook request leaving the client to the encrypted push arriving at the
 * push service (the local double), at 1, 50 and 200 alerts/s with 2 devices on the primary; then 50 alerts/s
 * again with a third device on a second push service that hangs (takes the request, never answers): the
 * healthy devices' latency must not suffer from it. Last, the transport floor (`transport-floor.ts`): what a bare
 * Fastify route and onpoint's push sender alone cost at the top rate, to read the server's CPU per push against.
 * Usage: npm run bench:page-latency [-- --seconds 30] [--profile DIR]
 */
import { createECDH, randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import webpush from 'web-push';
import { ApiClient } from '../../e2e/support/api-client.js';
import { startServer } from '../../e2e/support/onpoint-server.js';
import { PushServiceDouble, type ReceivedPush } from '../../e2e/support/push-service-double.js';
import { makeTestCert } from '../../e2e/support/test-cert.js';
import { ensureClientBuilt } from '../../server/client-build.js';
import { benchAlert, postAlert } from './alert-source.js';
import { paced } from './paced.js';
import { procStat } from './proc-stat.js';
import { measureTransportFloor } from './transport-floor.js';

const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 30;
const profileArg = process.argv.indexOf('--profile');
/** `--profile DIR` writes the server's CPU profile there, for finding where a push's time goes. */
const PROFILE_DIR = profileArg > 0 ? process.argv[profileArg + 1] : null;
const PHASES = [
  { rate: 1, hanging: false },
  { rate: 50, hanging: false },
  { rate: 200, hanging: false },
  { rate: 50, hanging: true },
];
const DEVICES = 2;
const FLOOR_RATE = Math.max(...PHASES.map((p) => p.rate));
const FLOOR_WARMUP_SECONDS = 5;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const now = () => performance.timeOrigin + performance.now();

/** The floor: what one push costs in crypto alone, measured in this process. */
function pushFloor() {
  const ecdh = createECDH('prime256v1');
  const keys = { p256dh: ecdh.generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') };
  const payload = JSON.stringify({
    kind: 'page',
    receipt: 'x'.repeat(110),
    incidentId: crypto.randomUUID(),
    title: 'Checkout API 5xx rate above 5% for 5m',
    severity: 'critical',
    summary: 'Checkout API 5xx rate above 5% for 5m',
    url: '/incidents/x',
    sentAt: new Date().toISOString(),
  });
  const vapid = webpush.generateVAPIDKeys();
  const n = 2000;
  let t = performance.now();
  for (let i = 0; i < n; i++) webpush.encrypt(keys.p256dh, keys.auth, payload, 'aes128gcm');
  const encryptMs = (performance.now() - t) / n;
  t = performance.now();
  for (let i = 0; i < n; i++)
    webpush.getVapidHeaders(
      'https://fcm.googleapis.com',
      'mailto:a@example.com',
      vapid.publicKey,
      vapid.privateKey,
      'aes128gcm',
      Math.floor(Date.now() / 1000) + 3600,
    );
  const vapidMs = (performance.now() - t) / n;
  return { encryptMs, vapidMs };
}

async function main() {
  ensureClientBuilt(console.log);
  const floor = pushFloor();
  const cert = makeTestCert();
  const push = await new PushServiceDouble(cert).start();
  const hanging = await new PushServiceDouble(cert).start();
  const server = await startServer({
    pushAllowHost: `${push.host},${hanging.host}`,
    caCertPath: cert.certPath,
    nodeArgs: PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
  });
  const pid = server.process.pid!;
  const alice = await new ApiClient(server.url).login('alice@example.com');
  for (let d = 0; d < DEVICES; d++) {
    const sub = push.subscribe();
    await alice.request('POST', '/api/devices', {
      name: `device ${d + 1}`,
      subscription: { endpoint: sub.endpoint, keys: sub.keys },
    });
  }

  const webhook = new URL('/api/integrations/alertmanager', server.url);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  push.on('push', (p: ReceivedPush) => {
    const start = sentAt.get((p.payload as { title: string }).title);
    if (start !== undefined) latencies.push(p.receivedAtMs - start);
  });

  const results = [];
  let n = 0;
  for (const { rate, hanging: withHang } of PHASES) {
    if (withHang) {
      const sub = hanging.subscribe();
      await alice.request('POST', '/api/devices', { name: 'hanging device', subscription: sub });
      hanging.outage('hang');
    }
    latencies.length = 0;
    const total = rate * SECONDS;
    const before = procStat(pid);
    const pushesBefore = push.received.length;
    const answered = await paced(rate, total, () => {
      const { title, body } = benchAlert(++n);
      sentAt.set(title, now());
      return postAlert(webhook, body);
    });
    const failed = answered.filter((ok) => !ok).length;
    const expected = total * DEVICES;
    const deadline = Date.now() + 30_000;
    while (push.received.length - pushesBefore < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const after = procStat(pid);
    const sorted = [...latencies].sort((a, b) => a - b);
    const pushes = push.received.length - pushesBefore;
    results.push({
      rate: withHang ? `${rate}, one push service hanging` : String(rate),
      alerts: total,
      pushes,
      dropped: expected - pushes,
      failedRequests: failed,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1],
      serverCpuMsPerPush: (after.cpuMs - before.cpuMs) / pushes,
    });
    console.log(JSON.stringify(results[results.length - 1]));
  }
  const { hwmMb } = procStat(pid);
  await server.stop();
  hanging.outage(null);
  await hanging.stop();
  const transport = await measureTransportFloor({
    rate: FLOOR_RATE,
    warmupSeconds: FLOOR_WARMUP_SECONDS,
    seconds: SECONDS,
    devices: DEVICES,
    push,
    ca: cert.cert.toString('utf8'),
    sample: push.received.findLast((p) => (p.payload as { kind: string }).kind === 'page')!,
  });
  await push.stop();

  const fmt = (x: number) => x.toFixed(2);
  console.log(
    `\nMachine: ${cpus().length} × ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${SECONDS} s per rate, ${DEVICES} devices`,
  );
  console.log('| alerts/s | alerts | pushes | dropped | failed requests | p50 ms | p99 ms | max ms | server CPU ms/push |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.rate} | ${r.alerts} | ${r.pushes} | ${r.dropped} | ${r.failedRequests} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${fmt(r.serverCpuMsPerPush)} |`,
    );
  }
  console.log(`\nServer peak RSS: ${hwmMb.toFixed(0)} MB`);
  console.log(
    `Floor per push: encryption ${fmt(floor.encryptMs)} ms, VAPID JWT signing ${fmt(floor.vapidMs)} ms (cached per push service by onpoint)`,
  );
  console.log(
    `Transport floor at ${FLOOR_RATE}/s (own processes, ${SECONDS} s after ${FLOOR_WARMUP_SECONDS} s warm-up): ` +
      `webhook to a bare Fastify route ${fmt(transport.webhookCpuMs)} ms CPU (${transport.webhooksAnswered} of ${transport.webhooks} answered 2xx); ` +
      `push by onpoint's sender alone ${fmt(transport.pushCpuMs)} ms CPU (${transport.pushes} measured; ` +
      `${transport.pushesReceived} of ${transport.pushesTried} with the warm-up received by the double` +
      `${transport.pushProblems.length ? `; not sent: ${transport.pushProblems.join(', ')}` : ''})`,
  );
  console.log(
    `Transport floor per push at ${FLOOR_RATE}/s: ${fmt((transport.webhookCpuMs + DEVICES * transport.pushCpuMs) / DEVICES)} ms = ` +
      `(webhook ${fmt(transport.webhookCpuMs)} + ${DEVICES} × push ${fmt(transport.pushCpuMs)}) / ${DEVICES}`,
  );
}

await main();
