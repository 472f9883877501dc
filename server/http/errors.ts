import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';

/** An error a client can act on: it becomes `{error: {code, message}}` with this status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

/** "alerts[0].fingerprint: Invalid input: expected string, received undefined" — names the field. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${fieldPath(issue.path) || '(top level)'}: ${issue.message}`);
}

export function parseBody<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new HttpError(400, 'invalid_body', `The ${what} is not valid: ${describeIssues(parsed.error.issues).join('; ')}`);
  }
  return parsed.data;
}

export function installErrorHandler(
  app: FastifyInstance,
  {
    appRoute,
    storeUnavailable = () => false,
  }: { appRoute?: (method: string, url: string) => boolean; storeUnavailable?: (err: unknown) => boolean } = {},
): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.status).send({ error: { code: error.code, message: error.message } });
    }
    if (storeUnavailable(error)) {
      // Not the sender's fault and not lost: nothing was accepted, so a retry (Alertmanager's, the app's outbox) is right.
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .status(503)
        .header('Retry-After', '5')
        .send({
          error: {
            code: 'store_unavailable',
            message: 'onpoint cannot reach its database right now; nothing was changed. Try again shortly.',
          },
        });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      // Fastify's own 4xx: malformed JSON, wrong content type, body too large.
      return reply.status(status).send({ error: { code: error.code ?? 'bad_request', message: error.message } });
    }
    request.log.error(error);
    return reply
      .status(500)
      .send({ error: { code: 'internal', message: 'Something went wrong on the server; nothing was changed.' } });
  });
  app.setNotFoundHandler((request, reply) => {
    if (appRoute?.(request.method, request.url)) return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    return reply.status(404).send({ error: { code: 'not_found', message: `No route for ${request.method} ${request.url}` } });
  });
}
