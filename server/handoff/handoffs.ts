import { randomUUID } from 'node:crypto';
import type { HandoffSummary } from '../../shared/api.js';
import { withCountedTime } from '../../shared/device-time.js';
import { personName, personTimeZone, type Config } from '../config/load.js';
import type { Pager } from '../paging/pager.js';
import { onCallAt } from '../schedule/on-call.js';
import { activeOverrides } from '../schedule/overrides.js';
import { shiftAt, type Rotation } from '../schedule/rotation.js';
import type { IncidentStore, InsightsStore, ScheduleStore, SettingsStore } from '../store/store.js';
import { buildHandoffSummary, handoffLine } from './handoff-summary.js';

/** A handoff is announced if a process sees it within this long (a restart over a handoff still tells people). */
const ANNOUNCE_WITHIN_MS = 2 * 3600_000;

/** Handoff summaries for the app, and the quiet push to both primaries when a shift changes hands. */
export function createHandoffs({
  store,
  config,
  pager,
  now,
  log,
}: {
  store: SettingsStore & IncidentStore & ScheduleStore & InsightsStore;
  config: Config;
  pager: Pager;
  now: () => Date;
  log: { error: (obj: object, msg: string) => void };
}) {
  /** The summary of the rotation's latest handoff at or before `at`. */
  async function summaryFor(rotation: Rotation, at: Date): Promise<HandoffSummary | null> {
    if (!rotation.shift) return null;
    const handoff = shiftAt(rotation.shift, at).start;
    const shift = { start: shiftAt(rotation.shift, new Date(handoff.getTime() - 1)).start, end: handoff };
    const overrides = await activeOverrides(store, shift.start);
    // Only the incidents still open need their timelines: the notes left on them.
    const incidents = await Promise.all(
      (await store.insights.touchedSince(shift.start.getTime())).map(async (touched) => ({
        ...touched,
        timeline: touched.open
          ? (await store.listEvents(touched.facts.id)).map((e) => withCountedTime(e, touched.facts.createdAt))
          : [],
      })),
    );
    const outgoing = onCallAt(rotation, overrides, new Date(handoff.getTime() - 1)).primary;
    return buildHandoffSummary({
      rotation,
      shift,
      outgoing: { email: outgoing, timeZone: personTimeZone(config, outgoing) },
      incoming: onCallAt(rotation, overrides, handoff).primary,
      incidents,
    });
  }

  /** Tells both primaries of each rotation that just changed hands; across processes, once (the setting decides). */
  async function announceDue(): Promise<void> {
    const at = now();
    for (const rotation of config.rotations) {
      if (!rotation.shift) continue;
      const handoff = shiftAt(rotation.shift, at).start;
      if (at.getTime() - handoff.getTime() > ANNOUNCE_WITHIN_MS) continue;
      const claim = randomUUID();
      if ((await store.initSetting(`handoff-announced:${rotation.id}:${handoff.toISOString()}`, claim)) !== claim) continue;
      const summary = (await summaryFor(rotation, at))!;
      const line = handoffLine(summary, (email) => personName(config, email));
      for (const email of new Set([summary.outgoing, summary.incoming])) await pager.handoffNotice(email, rotation, line);
    }
  }

  let loop: ReturnType<typeof setInterval> | null = null;
  const tick = () => void announceDue().catch((err: unknown) => log.error({ err }, 'handoff announcement failed'));
  return {
    summaries: async () => (await Promise.all(config.rotations.map((r) => summaryFor(r, now())))).filter((s) => s !== null),
    announceDue,
    startLoop(periodMs: number) {
      loop = setInterval(tick, periodMs);
      tick();
    },
    stopLoop() {
      if (loop) clearInterval(loop);
      loop = null;
    },
  };
}
