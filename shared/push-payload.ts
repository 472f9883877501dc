import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { Severity } from './timeline.js';

/**
 * What the server encrypts into a Web Push message and the service worker shows. No secrets:
 * `receipt` only lets the worker report that this one message arrived.
 */
export const PushPayload = lazySchema(() =>
  z.object({
    /**
     * page: an incident needs someone; quiet: one that can wait for working hours; point: you were handed
     * point; handoff: a rotation changed hands (its summary); test: a check.
     */
    kind: z.enum(['page', 'quiet', 'point', 'handoff', 'test']),
    receipt: z.string(),
    incidentId: z.string().nullable(),
    title: z.string(),
    severity: Severity,
    summary: z.string(),
    url: z.string(),
    sentAt: z.string(),
  }),
);
export type PushPayload = z.infer<typeof PushPayload>;

/**
 * Push services take 4,096 bytes of encrypted body; encryption adds 103 (RFC 8291 header, padding, tag).
 * 3,000 bytes of JSON leaves room for JSON escapes growing a little and for a push service's own overhead.
 */
export const MAX_PAYLOAD_BYTES = 3000;
/** A page sent again after a push service said 413 carries only this much title. */
const MINIMAL_TITLE_CHARS = 80;

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** Cuts text to at most `maxBytes` UTF-8 bytes with "…", on a code point boundary (never inside a surrogate pair). */
export function cutText(text: string, maxBytes: number): string {
  return cutTo(text, maxBytes, bytes);
}

/** Cuts code point by code point, measuring each with `size`, and ends with "…" when anything was cut. */
function cutTo(text: string, max: number, size: (text: string) => number): string {
  if (size(text) <= max) return text;
  const budget = max - size('…');
  let used = 0;
  let out = '';
  for (const char of text) {
    used += size(char);
    if (used > budget) break;
    out += char;
  }
  return out.trimEnd() + '…';
}

/**
 * The payload, made to fit: the summary gives way first, then the title; the app shows the full text.
 * Every other field is short by construction (ids, a signed receipt, a path, a timestamp).
 */
export function fitPushPayload(payload: PushPayload, maxBytes = MAX_PAYLOAD_BYTES): PushPayload {
  const size = (p: PushPayload) => bytes(JSON.stringify(p));
  if (size(payload) <= maxBytes) return payload;
  // JSON escapes (quotes, control characters) can double a character's size: cut by the encoded size.
  const fixed = size({ ...payload, title: '', summary: '' });
  const room = maxBytes - fixed;
  const titleRoom = Math.min(jsonBytes(payload.title), Math.floor(room / 3));
  const title = cutTo(payload.title, titleRoom, jsonBytes);
  const summary = cutTo(payload.summary, room - jsonBytes(title), jsonBytes);
  return { ...payload, title, summary };
}

/** The least a page can say: which incident, and a short title. Sent after a push service refused the full one. */
export function minimalPushPayload(payload: PushPayload): PushPayload {
  return fitPushPayload({ ...payload, title: cutText(payload.title, MINIMAL_TITLE_CHARS), summary: 'Open onpoint for details.' });
}

/** Bytes a string takes inside JSON, quotes excluded. */
const jsonBytes = (text: string) => bytes(JSON.stringify(text)) - 2;
