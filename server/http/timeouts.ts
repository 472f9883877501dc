import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';

/** How long a client may take to send a request, in ms. */
export interface Timeouts {
  /** The whole request, headers and body: a body trickled a byte at a time is cut off after this. */
  requestMs: number;
  /** The headers alone; also a connection that sends nothing at all. */
  headersMs: number;
  /** An idle kept-alive connection between requests. */
  keepAliveMs: number;
}

/**
 * The largest body onpoint takes is a 1 MB Alertmanager webhook from a nearby server, and phones send a few
 * hundred bytes: 30 s covers a very slow mobile link. Headers are small, so 10 s. Keep-alive stays above
 * the 60 s idle time of common proxies (nginx upstream keepalive, AWS ALB), so a proxy never reuses a
 * connection onpoint has just closed.
 */
export const DEFAULT_TIMEOUTS: Timeouts = { requestMs: 30_000, headersMs: 10_000, keepAliveMs: 72_000 };

/**
 * Node's request and headers timeouts cover receiving the request only, not the response: a live stream
 * (a GET whose request ended at its headers) is never cut by them. They are enforced by a periodic sweep,
 * 30 s apart by default, so it runs often enough for the shortest of them to be kept to within a quarter.
 */
export function serverTimeoutOptions(timeouts: Timeouts): FastifyHttpOptions<Server> {
  const requestMs = timeouts.requestMs;
  // Headers are part of the request: Node refuses a headers timeout longer than the request's.
  const headersMs = Math.min(timeouts.headersMs, requestMs);
  return {
    requestTimeout: requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      requestTimeout: requestMs,
      headersTimeout: headersMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersMs / 4))),
    },
  };
}
