/**
 * Page latency: from the webhook request leaving the client to the encrypted push arriving at the
 * push service (the local double), at 1, 50 and 200 alerts/s with 2 devices on the primary; then 50 alerts/s
 * again with a third device on a second push service that hangs (takes the request, never answers): the
 * healthy devices' latency must not suffer from it.
 * Usage: npm run bench:page-latency [-- --seconds 30] [--profile DIR]
 */
import { createECDH, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, totalmem } from 'node:os';
import webpush from 'web-push';
import { alertmanagerFixture, ApiClient, DEMO_ALERTMANAGER_TOKEN } from '../../e2e/support/api-client.js';
import { startServer } from '../../e2e/support/onpoint-server.js';
import { PushServiceDouble } from '../../e2e/support/push-service-double.js';
import { makeTestCert } from '../../e2e/support/test-cert.js';
import { ensureClientBuilt } from '../../server/client-build.js';

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

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const now = () => performance.timeOrigin + performance.now();

function procStat(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)![1]);
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  return { hwmMb: hwmKb / 1024, cpuMs };
}

/**
 * Keep-alive HTTP, as Alertmanager sends: node:http rather than fetch, whose per-request cost in this
 * process (which also plays the push service) would take CPU from the server on a two-core machine.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
function postAlert(url: URL, body: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          Authorization: `Bearer ${DEMO_ALERTMANAGER_TOKEN}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode! >= 200 && res.statusCode! < 300));
        res.on('error', () => resolve(false));
      },
    );
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

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

  const base = alertmanagerFixture('firing-single-critical.json') as { alerts: Record<string, unknown>[] } & Record<
    string,
    unknown
  >;
  const webhook = new URL('/api/integrations/alertmanager', server.url);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  push.on('push', (p: { payload: { title: string }; receivedAtMs: number }) => {
    const start = sentAt.get(p.payload.title);
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
    let failed = 0;
    const inflight: Promise<void>[] = [];
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      n += 1;
      const title = `bench alert ${n}`;
      const payload = {
        ...base,
        groupKey: `bench-${n}`,
        commonAnnotations: { summary: title },
        alerts: [{ ...base.alerts[0], fingerprint: `fp${n}`, annotations: { summary: title } }],
      };
      sentAt.set(title, now());
      inflight.push(postAlert(webhook, JSON.stringify(payload)).then((ok) => void (ok || failed++)));
    }
    await Promise.all(inflight);
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
  await push.stop();
  hanging.outage(null);
  await hanging.stop();

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
}

await main();
