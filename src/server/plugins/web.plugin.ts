import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { appError } from '../errors.ts';

export interface WebOptions {
  /** Folder of the production build (dist/web). */
  root: string;
  /** Browser-visible settings (never secrets). */
  publicConfig: Record<string, unknown>;
}

const NOT_SPA = /^\/(api|auth|idp|idp-assets|assets|healthz|readyz|public|public-assets|verify|__test)(\/|$)/;

/** The React app: hashed assets cached for a year, index.html per request with the CSP nonce. */
export async function webPlugin(app: FastifyInstance, opts: WebOptions): Promise<void> {
  const indexPath = path.join(opts.root, 'index.html');
  const built = existsSync(indexPath);
  const template = built ? readFileSync(indexPath, 'utf8') : undefined;

  if (built) {
    await app.register(fastifyStatic, {
      root: path.join(opts.root, 'assets'),
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
      index: false,
      wildcard: true,
    });
  }

  const sendIndex = (reply: FastifyReply) => {
    if (!template) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('前端尚未构建：请运行 npm run build:web（npm start 会自动构建）。');
    }
    const nonce = reply.pageCsp();
    const page = template
      .replace('__CSP_NONCE__', nonce)
      .replace('__PUBLIC_CONFIG__', JSON.stringify(opts.publicConfig).replace(/</g, '\\u003c').replace(/"/g, '&quot;'));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
  };

  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?', 1)[0] ?? '/';
    if ((request.method === 'GET' || request.method === 'HEAD') && !NOT_SPA.test(pathname)) return sendIndex(reply);
    throw appError('ROUTE_NOT_FOUND');
  });
}
