import type { BeatResult, HeartbeatView } from '../../shared/api.js';
import type { Actor } from '../../shared/timeline.js';
import { coalescedRun } from '../background/coalesced-run.js';
import type { Config, Integration } from '../config/load.js';
import type { Ingest } from '../integrations/ingest.js';
import type { HeartbeatRecord, HeartbeatStore } from '../store/store.js';
import { backReport, missedReport, quietLimitMs, type HeartbeatIntegration } from './heartbeat-report.js';

const HEARTBEAT: Actor = { kind: 'system', name: 'Heartbeat' };
const DUE_BATCH = 100;

export const isHeartbeat = (integration: Integration): integration is HeartbeatIntegration => integration.type === 'heartbeat';

/**
 * Dead-man's switches: a beat moves a heartbeat's deadline on; a deadline that passes opens an incident
 * through the same ingest as any alert, and the next beat resolves it. Deadlines live in the store, so one
 * that passed while onpoint was down fires when it starts, and with several processes, once.
 */
export function createHeartbeats({
  store,
  ingest,
  config,
  now,
  log,
}: {
  store: HeartbeatStore;
  ingest: Ingest;
  config: Pick<Config, 'integrations' | 'severities' | 'timeZone'>;
  now: () => Date;
  log: { error: (obj: object, msg: string) => void };
}) {
  const heartbeats = config.integrations.filter(isHeartbeat);
  const byId = new Map(heartbeats.map((h) => [h.id, h]));
  const ids = heartbeats.map((h) => h.id);
  const wording = { classes: config.severities, timeZone: config.timeZone };
  const dueAfter = (heartbeat: HeartbeatIntegration, at: Date) =>
    new Date(at.getTime() + quietLimitMs(heartbeat.heartbeat)).toISOString();

  async function cameBack(heartbeat: HeartbeatIntegration, at: Date) {
    await ingest(backReport(heartbeat, at.toISOString(), wording), HEARTBEAT);
  }

  async function fire(record: HeartbeatRecord) {
    const heartbeat = byId.get(record.id)!;
    // Opened (or found open, if a process that crashed here had opened it) before it is marked: none is lost.
    await ingest(missedReport(heartbeat, record, wording), HEARTBEAT);
    // A beat that came while the incident was opening found nothing to resolve: it is resolved here.
    if (!(await store.markHeartbeatMissed(record.id, record.dueAt, now().toISOString()))) await cameBack(heartbeat, now());
  }

  let loop: ReturnType<typeof setInterval> | null = null;
  const tick = coalescedRun(async () => {
    try {
      for (const record of await store.claimDueHeartbeats(ids, now().toISOString(), DUE_BATCH)) {
        await fire(record).catch((err: unknown) => log.error({ err, heartbeat: record.id }, 'missed heartbeat failed to open'));
      }
    } catch (err) {
      // The database is away: the deadlines are still there, and the next tick tries again.
      log.error({ err }, 'cannot look for missed heartbeats');
    }
  });

  return {
    heartbeat: (id: string) => byId.get(id),

    /** The store learns the configured heartbeats; a new one's deadline counts from now. */
    sync: () =>
      store.syncHeartbeats(
        heartbeats.map((h) => ({ id: h.id, periodMs: quietLimitMs(h.heartbeat) })),
        now().toISOString(),
      ),

    async beat(heartbeat: HeartbeatIntegration): Promise<BeatResult> {
      const at = now();
      const nextDeadline = dueAfter(heartbeat, at);
      const recorded = await store.recordBeat(heartbeat.id, at.toISOString(), nextDeadline);
      if (!recorded) throw new Error(`heartbeat ${heartbeat.id} is not in the store: sync() was not run`);
      if (recorded.wasMissed) await cameBack(heartbeat, at);
      return { heartbeat: heartbeat.id, beatAt: at.toISOString(), nextDeadline };
    },

    async list(): Promise<HeartbeatView[]> {
      const records = new Map((await store.listHeartbeats()).map((r) => [r.id, r]));
      return heartbeats.flatMap((h) => {
        const record = records.get(h.id);
        if (!record) return [];
        const { intervalMs, graceMs, title } = h.heartbeat;
        const { lastBeatAt, dueAt, missedAt } = record;
        return [{ id: h.id, name: title ?? h.id, intervalMs, graceMs, lastBeatAt, dueAt, missed: missedAt !== null }];
      });
    },

    /** Opens an incident for every deadline that passed. A call while a tick runs makes it look once more when done. */
    tick,

    startLoop(periodMs: number) {
      if (ids.length === 0) return;
      loop = setInterval(() => void tick(), periodMs);
      void tick();
    },

    stopLoop() {
      if (loop) clearInterval(loop);
      loop = null;
    },
  };
}
export type Heartbeats = ReturnType<typeof createHeartbeats>;
