import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The security headers of every answer (QUALITY.md S3, ASVS V3.4): one helmet configuration,
 * turned into a fixed set of headers once per process and set by one hook on every routed answer,
 * and by `frameworkErrors` on the answers Fastify and Node give before any hook runs. Only the
 * SPA's index.html differs: its CSP names the nonce of its inline style (`pageCsp`).
 */
function helmetOptions(https: boolean, styleNonce?: string): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", ...(styleNonce ? [`'nonce-${styleNonce}'`] : [])],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  };
}

/** The headers helmet sets for these options, as a fixed list. */
function headersOf(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const sink = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as never, sink as never, () => {});
  return Object.freeze(headers);
}

/** The headers of every answer (no nonce: nothing but index.html has an inline style). */
export function staticSecurityHeaders(https: boolean): Readonly<Record<string, string>> {
  return headersOf(helmetOptions(https));
}

const NONCE_MARK = 'zznonce';

/**
 * Sets the security headers on every routed answer. They are computed once: running helmet's
 * middleware per request (as @fastify/helmet does, nonces and directive parsing included) was
 * ~5 % of the server's CPU on a 办事进度 request.
 */
export const securityHeadersPlugin = fp(async (app: FastifyInstance, opts: { https: boolean }) => {
  const headers = Object.entries(staticSecurityHeaders(opts.https));
  const pagePolicy = headersOf(helmetOptions(opts.https, NONCE_MARK))['content-security-policy']!;
  app.decorateReply('pageCsp', function (this: { header(name: string, value: string): unknown }): string {
    const nonce = randomBytes(16).toString('base64url');
    this.header('content-security-policy', pagePolicy.replace(NONCE_MARK, nonce));
    return nonce;
  });
  // On the raw response, as helmet did: the identity provider's answers bypass Fastify's reply.
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
});

declare module 'fastify' {
  interface FastifyReply {
    /** Give this answer (an HTML page) a CSP that allows the inline style with the nonce returned. */
    pageCsp(): string;
  }
}
