/** A device clock off by more than this is worth a word on the timeline; less is ordinary drift. */
export const CLOCK_OFF_SHOWN_MS = 2 * 60_000;

export interface CountedTime {
  /** The time that counts: the device's, kept within [incident opened, received by the server]. */
  occurredAt: string;
  /** The device's own time, kept only when it was off from the time that counts by more than 2 minutes. */
  deviceTime?: string;
}

/**
 * When a tap counts as having happened. A phone whose clock reset to 1900 or runs years ahead can neither
 * act before the incident existed nor after the server heard of it; the action is still taken (an offline
 * ack is never refused for its clock), and what the device said is kept beside it. Pure.
 */
export function countedTime(deviceTime: string, openedAt: string, receivedAt: string): CountedTime {
  const device = Date.parse(deviceTime);
  const counted = Math.min(Math.max(device, Date.parse(openedAt)), Date.parse(receivedAt));
  const occurredAt = new Date(counted).toISOString();
  return Math.abs(device - counted) > CLOCK_OFF_SHOWN_MS
    ? { occurredAt, deviceTime: new Date(device).toISOString() }
    : { occurredAt };
}

/**
 * An event as this rule would have stored it. Events stored before it carry the device's time as it came,
 * 1900 or 9999 included; the time the server recorded them bounds them from above.
 */
export function withCountedTime<E extends { occurredAt: string; deviceTime?: string; recordedAt: string }>(
  event: E,
  openedAt: string,
): E {
  if (event.deviceTime) return event;
  const counted = countedTime(event.occurredAt, openedAt, event.recordedAt);
  return counted.occurredAt === event.occurredAt ? event : { ...event, ...counted };
}

const roughly = (ms: number): string => {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  const days = Math.round(hours / 24);
  if (days < 730) return `${days} days`;
  return `${Math.round(days / 365.25)} years`;
};

/** "device clock was 3 h behind": for an event whose device time was kept beside the time that counts. */
export function clockOffText({ occurredAt, deviceTime }: CountedTime): string | null {
  if (!deviceTime) return null;
  const off = Date.parse(deviceTime) - Date.parse(occurredAt);
  return `device clock was ${roughly(Math.abs(off))} ${off < 0 ? 'behind' : 'ahead'}`;
}
