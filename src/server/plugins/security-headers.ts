import type { FastifyHelmetOptions } from '@fastify/helmet';
import helmet from 'helmet';

/**
 * The security headers of every answer (QUALITY.md S3, ASVS V3.4): one configuration, applied by
 * @fastify/helmet to routed requests (with per-answer CSP nonces) and by `frameworkErrors` to the
 * answers Fastify and Node give before any hook runs.
 */
export function helmetOptions(https: boolean): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
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

/** The same headers as a fixed list (no nonce: error pages have no inline style), for answers outside the hooks. */
export function staticSecurityHeaders(https: boolean): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const sink = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  const { global: _global, enableCSPNonces: _nonces, ...options } = helmetOptions(https);
  helmet(options as Parameters<typeof helmet>[0])({} as never, sink as never, () => {});
  return Object.freeze(headers);
}
