import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * What the app may load: its own files and API, nothing inline. Playbook HTML is inserted as HTML, so an
 * event handler that got into it (`<img onerror>`) must not run: `script-src-attr 'none'`. React's `style`
 * props go through the CSSOM, which `style-src` does not cover, so no 'unsafe-inline' is needed for them.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** A year; not includeSubDomains: the operator's other hosts are not onpoint's to decide. */
const HSTS = 'max-age=31536000';

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    // Helmet's defaults include upgrade-insecure-requests, which breaks onpoint served over plain http on a LAN.
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Set below, only where it means something.
    strictTransportSecurity: false,
  });
  // Only an https answer may pin https: over plain http (a LAN, a test) it would lock browsers out of onpoint.
  // Behind a proxy, request.protocol is https when trust-proxy is on and the proxy says X-Forwarded-Proto: https.
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') reply.header('Strict-Transport-Security', HSTS);
  });
}
