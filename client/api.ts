import type { z } from 'zod';
import type { ApiErrorBody } from '../shared/api.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A stalled hotspot can hold a request for minutes; give up in time for a retry or a reconnect to help. */
export const REQUEST_TIMEOUT_MS = 15_000;

/**
 * JSON over fetch with the session cookie, read with the answer's schema from shared/api.ts. Every failure
 * becomes an ApiError with the server's message; an answer that does not match its schema is one too.
 */
export async function api<T>(
  path: string,
  schema: z.ZodType<T>,
  init: {
    method?: string;
    body?: unknown;
    /**
     * Given an OK answer before it is checked against its schema (a check that waits its turn on a busy main
     * thread): for starting requests it implies. Nothing read from it may be shown or kept.
     */
    onUnchecked?: (data: unknown) => void;
  } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: init.body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'TimeoutError') {
      throw new ApiError(0, 'timeout', `onpoint did not answer in ${REQUEST_TIMEOUT_MS / 1000} s: check the connection`);
    }
    throw new ApiError(0, 'offline', 'Cannot reach onpoint: check the connection');
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's HTML error page, say: say what happened rather than fail to parse it.
    throw new ApiError(response.status, 'bad_response', `onpoint answered something unexpected (${response.status})`);
  }
  if (!response.ok) {
    const error = (data as ApiErrorBody | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `Request failed (${response.status})`);
  }
  init.onUnchecked?.(data);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ApiError(response.status, 'bad_response', `onpoint answered ${path} unexpectedly (${where}${issue?.message})`);
  }
  return parsed.data;
}
