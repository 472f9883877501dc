/** Reads a Server-Sent Events stream until `until` says it has what it needs (or time runs out). */
export async function readEvents(
  url: string,
  headers: Record<string, string>,
  until: (events: { id: string; event: string; data: unknown }[]) => boolean,
  timeoutMs = 10_000,
) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: { id: string; event: string; data: unknown }[] = [];
  try {
    const response = await fetch(url, { headers, signal: controller.signal });
    if (response.status !== 200) throw new Error(`event stream answered ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = response.body!.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((l) => !l.startsWith(':') && l.includes(':'))
            .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
        );
        if (fields.data) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
      }
      if (until(events)) break;
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

export interface OpenEventStream {
  /** The response's headers, as the server sent them. */
  headers: Headers;
  /** Resolves with what the stream had sent once `text` appears in it. */
  waitFor(text: string): Promise<string>;
  close(): void;
}

/**
 * Opens the live stream and returns once the server says it is ready (its `: ready` comment), so
 * whatever is committed afterwards must arrive on it.
 */
export async function openEventStream(url: string, headers: Record<string, string>): Promise<OpenEventStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  if (response.status !== 200) throw new Error(`event stream answered ${response.status}`);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let received = '';
  const waitFor = async (text: string) => {
    while (!received.includes(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the event stream ended before "${text}"; it sent: ${received}`);
      received += decoder.decode(value, { stream: true });
    }
    return received;
  };
  await waitFor(': ready');
  return { headers: response.headers, waitFor, close: () => controller.abort() };
}
