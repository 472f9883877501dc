/**
 * Untrusted text (alert titles, notes, names) made safe to paste into Markdown that a wiki may render with
 * raw HTML on: one line, so it cannot start a heading, list or HTML block of its own; HTML special
 * characters as entities; and every character that starts inline Markdown (emphasis, code, links, images,
 * autolinks, table cells) escaped with a backslash, so a reader sees exactly the text that was sent.
 * Only for text placed after something on its line (`- **Resolution:** …`, a table cell), never at its start.
 * A bare web address is left as typed (people copy them from alerts); a wiki that links those shows the link
 * as its own address, never as other words or another scheme.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .trim()
    .replace(/[\\`*_[\]~|!]/g, '\\$&')
    .replace(/[&<>"]/g, (c) => HTML_ENTITIES[c]);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
