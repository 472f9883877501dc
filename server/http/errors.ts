import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { describeBodyIssues, plainWords } from './plain-issues.js';

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

export function parseBody<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.output<S> {
  const parsed = schema.safeParse(value, { error: plainWords });
  if (!parsed.success) {
    const problems = describeBodyIssues(parsed.error.issues, `the ${what}`);
    throw new HttpError(400, 'invalid_body', `The ${what} is not valid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** Fastify's words name its internals ("content-type is set to 'application/json'"); a sender reads these. */
function plainFastifyMessage(error: FastifyError, bodyLimit: number | undefined): string {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && bodyLimit) return `The body is too large: at most ${megabytes(bodyLimit)}`;
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) return 'The body is not valid JSON';
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The body is empty; it must be JSON';
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'The body must be JSON, sent with Content-Type: application/json';
  return error.message;
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
      const message = plainFastifyMessage(error, request.routeOptions.bodyLimit);
      return reply.status(status).send({ error: { code: error.code ?? 'bad_request', message } });
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
