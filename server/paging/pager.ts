import { createHash, randomBytes } from 'node:crypto';
import type { PushPayload } from '../../shared/push-payload.js';
import { systemEvent, type Timeline } from '../incidents/timeline.js';
import type { ReceiptTokens } from '../push/receipt-token.js';
import type { PushSender } from '../push/sender.js';
import type { DeviceRecord, IncidentRecord, NewEvent, Store } from '../store/store.js';

export interface DeviceSendResult {
  deviceId: string;
  deviceName: string;
  ok: boolean;
  reason?: string;
  deviceRemoved?: boolean;
}

interface PagerDeps {
  store: Store;
  timeline: Timeline;
  send: PushSender;
  receipts: ReceiptTokens;
  log: { warn: (obj: object, msg: string) => void };
}

/** A page should not wait in a push service's queue longer than someone would still act on it. */
const PAGE_TTL_SECONDS = 60 * 60;

/** RFC 8030 topics are at most 32 URL-safe characters: the incident's UUID without dashes. */
export function topicFor(incidentId: string): string {
  return incidentId.replaceAll('-', '').slice(0, 32);
}

function summaryOf(incident: IncidentRecord): string {
  return incident.details.summary ?? incident.details.description ?? `${incident.severity} alert`;
}

export function createPager({ store, timeline, send, receipts, log }: PagerDeps) {
  async function sendToDevice(
    device: DeviceRecord,
    receipt: string,
    message: Omit<PushPayload, 'receipt' | 'sentAt'>,
    topic: string,
  ): Promise<{ result: DeviceSendResult; events: NewEvent[] }> {
    const payload: PushPayload = { ...message, receipt, sentAt: new Date().toISOString() };
    // A quiet incident must not wake a phone from doze; everything else must.
    const urgency = message.kind === 'quiet' || message.kind === 'handoff' ? 'low' : 'high';
    const outcome = await send(device, JSON.stringify(payload), { topic, urgency, ttlSeconds: PAGE_TTL_SECONDS });
    const who = { person: device.email, deviceId: device.id, deviceName: device.name };
    if (outcome.ok) {
      const notice = message.kind === 'quiet' || message.kind === 'point' ? { notice: message.kind } : {};
      const events = message.incidentId ? [systemEvent(message.incidentId, { type: 'paged', ...who, ...notice })] : [];
      return { result: { deviceId: device.id, deviceName: device.name, ok: true }, events };
    }
    if (outcome.gone) await store.deleteDevice(device.id);
    log.warn({ device: device.id, reason: outcome.reason }, 'push failed');
    const events = message.incidentId
      ? [systemEvent(message.incidentId, { type: 'push_failed', ...who, reason: outcome.reason, deviceRemoved: outcome.gone })]
      : [];
    return {
      result: { deviceId: device.id, deviceName: device.name, ok: false, reason: outcome.reason, deviceRemoved: outcome.gone },
      events,
    };
  }

  /** Pushes to every device of one person at once; each device's outcome lands on the timeline as it happens. */
  async function pagePerson(
    email: string,
    message: Omit<PushPayload, 'receipt' | 'sentAt'>,
    topic: string,
  ): Promise<DeviceSendResult[]> {
    const devices = await store.listDevices(email);
    if (devices.length === 0 && message.incidentId) {
      await timeline.append([
        systemEvent(message.incidentId, { type: 'not_paged', reason: `${email} has no device with notifications on` }),
      ]);
    }
    return Promise.all(
      devices.map(async (device) => {
        const receipt = receipts.issue({ incidentId: message.incidentId, deviceId: device.id });
        const { result, events } = await sendToDevice(device, receipt, message, topic);
        if (events.length > 0) await timeline.append(events);
        return result;
      }),
    );
  }

  return {
    pagePerson,

    /** A page; `quiet` for one that can wait for working hours (low urgency, silent). */
    async pageIncident(incident: IncidentRecord, email: string, quiet = false): Promise<DeviceSendResult[]> {
      return pagePerson(
        email,
        {
          kind: quiet ? 'quiet' : 'page',
          incidentId: incident.id,
          title: incident.title,
          severity: incident.severity,
          summary: summaryOf(incident),
          url: `/incidents/${incident.id}`,
        },
        topicFor(incident.id),
      );
    },

    /** "You have point": the new point person hears it on every device, replacing the page's notification. */
    async tellPoint(incident: IncidentRecord, email: string, fromName: string): Promise<DeviceSendResult[]> {
      return pagePerson(
        email,
        {
          kind: 'point',
          incidentId: incident.id,
          title: `You have point: ${incident.title}`,
          severity: incident.severity,
          summary: `${fromName} handed point to you.`,
          url: `/incidents/${incident.id}`,
        },
        topicFor(incident.id),
      );
    },

    /** At a rotation's handoff, the outgoing and incoming primary get its summary, quietly. */
    async handoffNotice(email: string, rotation: { id: string; name: string }, line: string): Promise<DeviceSendResult[]> {
      return pagePerson(
        email,
        {
          kind: 'handoff',
          incidentId: null,
          title: `Handoff: ${rotation.name}`,
          severity: 'info',
          summary: line,
          url: '/handoff',
        },
        // One per rotation: a newer handoff replaces an older one still waiting at the push service.
        'h' + createHash('sha256').update(rotation.id).digest('base64url').slice(0, 31),
      );
    },

    /** "Send me a test page": only this person's devices, no incident. */
    async testPage(email: string): Promise<DeviceSendResult[]> {
      return pagePerson(
        email,
        {
          kind: 'test',
          incidentId: null,
          title: 'Test page from onpoint',
          severity: 'info',
          summary: 'Notifications work on this device. Nothing to do.',
          url: '/settings',
        },
        'test-' + randomBytes(8).toString('hex'),
      );
    },
  };
}
export type Pager = ReturnType<typeof createPager>;
