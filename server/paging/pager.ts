import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { reopenedText } from '../../shared/alert-group.js';
import { fitPushPayload } from '../../shared/push-payload.js';
import { systemEvent, type Timeline } from '../incidents/timeline.js';
import type { ReceiptTokens } from '../push/receipt-token.js';
import type { PushSender } from '../push/sender.js';
import type { PushHandOff } from './push-queue.js';
import type { DeviceStore, IncidentRecord, NewEvent, NewPush, PushKind, PushMessage, PushQueueStore } from '../store/store.js';

export interface DeviceSendResult {
  deviceId: string;
  deviceName: string;
  ok: boolean;
  reason?: string;
  deviceRemoved?: boolean;
}

interface PagerDeps {
  store: DeviceStore & PushQueueStore;
  timeline: Timeline;
  /** For the test page only, which a person waits for on screen; everything else goes through the queue. */
  send: PushSender;
  receipts: ReceiptTokens;
  now: () => Date;
  /** Takes pushes to send at once, as they are queued. */
  handOff: PushHandOff;
  /** How long a push is worth sending; after that it expires undelivered, and says so. */
  ttlSeconds?: number;
  /** A person's name for the timeline's sentences (the team's config knows it). */
  nameOf: (email: string) => string;
}

/** A page should not wait in a push service's queue longer than someone would still act on it. */
export const PAGE_TTL_SECONDS = 60 * 60;

/** RFC 8030 topics are at most 32 URL-safe characters: the incident's UUID without dashes. */
export function topicFor(incidentId: string): string {
  return incidentId.replaceAll('-', '').slice(0, 32);
}

function summaryOf(incident: IncidentRecord): string {
  const summary = incident.details.summary ?? incident.details.description ?? `${incident.severity} alert`;
  // First, so a summary cut to fit the push still says the group keeps coming back.
  const { reopened } = incident.details;
  return reopened ? `${reopenedText(reopened, incident.createdAt)} · ${summary}` : summary;
}

/** What a queued push says: anything but a test page, which is sent directly, never queued. */
type QueuedMessage = PushMessage & { kind: PushKind };

/** What a page (or a quiet notice) of an incident says. */
export function pageMessage(incident: IncidentRecord, quiet = false): QueuedMessage {
  return {
    kind: quiet ? 'quiet' : 'page',
    incidentId: incident.id,
    title: incident.title,
    severity: incident.severity,
    summary: summaryOf(incident),
    url: `/incidents/${incident.id}`,
  };
}

const originOf = (endpoint: string) => new URL(endpoint).origin;

/**
 * Turns "tell this person" into queued pushes, one per device; the push queue sends them. A person with no
 * device gets a `not_paged` line instead, so the timeline says who could not be reached.
 */
export function createPager({ store, timeline, send, receipts, now, handOff, ttlSeconds = PAGE_TTL_SECONDS, nameOf }: PagerDeps) {
  async function pushesFor(
    email: string,
    message: QueuedMessage,
    { topic, step = null }: { topic: string; step?: number | null },
  ): Promise<{ pushes: NewPush[]; events: NewEvent[] }> {
    const devices = await store.listDevices(email);
    const at = now();
    if (devices.length === 0) {
      const events = message.incidentId
        ? [
            systemEvent(
              message.incidentId,
              { type: 'not_paged', reason: `${nameOf(email)} has no device with notifications on`, person: email },
              at,
            ),
          ]
        : [];
      return { pushes: [], events };
    }
    const { kind } = message;
    const pushes = devices.map((device): NewPush => ({
      id: randomUUID(),
      incidentId: message.incidentId,
      step,
      deviceId: device.id,
      email,
      kind,
      message,
      topic,
      // A quiet incident or a handoff summary must not wake a phone from doze; everything else must.
      urgency: kind === 'quiet' || kind === 'handoff' ? 'low' : 'high',
      origin: originOf(device.endpoint),
      createdAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + ttlSeconds * 1000).toISOString(),
      to: { name: device.name, endpoint: device.endpoint, p256dh: device.p256dh, auth: device.auth },
    }));
    return { pushes, events: [] };
  }

  async function enqueue(email: string, message: QueuedMessage, topic: string) {
    const { pushes, events } = await pushesFor(email, message, { topic });
    const leased = handOff.lease(pushes);
    timeline.published(await store.enqueuePushes(leased, events));
    handOff.adopt(leased);
  }

  return {
    pushesFor,

    /** "You have point": the new point person hears it on every device, replacing the page's notification. */
    tellPoint(incident: IncidentRecord, email: string, fromName: string): Promise<void> {
      return enqueue(
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
    handoffNotice(email: string, rotation: { id: string; name: string }, line: string): Promise<void> {
      return enqueue(
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

    /** "Send me a test page": only this person's devices, no incident, sent while they wait, once. */
    async testPage(email: string): Promise<DeviceSendResult[]> {
      const devices = await store.listDevices(email);
      return Promise.all(
        devices.map(async (device): Promise<DeviceSendResult> => {
          const payload = fitPushPayload({
            kind: 'test',
            incidentId: null,
            title: 'Test page from onpoint',
            severity: 'info',
            summary: 'Notifications work on this device. Nothing to do.',
            url: '/settings',
            receipt: receipts.issue({ incidentId: null, deviceId: device.id, pushId: randomUUID() }),
            sentAt: now().toISOString(),
          });
          const outcome = await send(device, JSON.stringify(payload), {
            topic: 'test-' + randomBytes(8).toString('hex'),
            urgency: 'high',
            ttlSeconds: 60,
          });
          const result = { deviceId: device.id, deviceName: device.name };
          if (outcome.kind === 'sent') return { ...result, ok: true };
          if (outcome.kind === 'gone') await store.deleteDevice(device.id);
          return { ...result, ok: false, reason: outcome.reason, deviceRemoved: outcome.kind === 'gone' };
        }),
      );
    },
  };
}
export type Pager = ReturnType<typeof createPager>;
