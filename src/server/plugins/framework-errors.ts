import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { renderIdpError } from '../auth/idp/idp.pages.ts';
import { appError, errorBody, handleError, type AppError } from '../errors.ts';
import { html } from '../html.ts';
import { publicLayout } from '../public/public-layout.ts';
import { staticSecurityHeaders } from './security-headers.ts';

const IDP_PAGES = /^\/idp([/?]|$)/;
const PUBLIC_PAGES = /^\/(public|verify)([/?]|$)/;

/** An error on a page people open in a browser (IdP, 核验, 公示) is a page too; undefined elsewhere (JSON). */
export function errorPage(url: string, message: string): string | undefined {
  if (IDP_PAGES.test(url)) return renderIdpError(message);
  if (PUBLIC_PAGES.test(url)) {
    return publicLayout({ title: '出错了', body: html`<h1>出错了</h1><p class="verdict bad" role="alert">${message}</p><p><a href="/">返回首页</a></p>` });
  }
  return undefined;
}

function clientError(code: string | undefined): AppError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return appError('HEADERS_TOO_LARGE');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return appError('REQUEST_TIMEOUT');
    case 'HPE_INVALID_METHOD':
      return appError('METHOD_UNSUPPORTED');
    default:
      return appError('REQUEST_MALFORMED');
  }
}

/**
 * Answers Fastify and Node give before any hook or error handler runs — a malformed %-encoding or
 * a parameter over the router's limit (`frameworkErrors`), a request line, method or headers Node
 * cannot parse (`clientErrorHandler`) — in the app's shape: its codes, Chinese messages and the
 * security headers every other answer carries.
 */
export function frameworkErrorOptions(https: boolean): Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> {
  const headers = staticSecurityHeaders(https);
  return {
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      // No hook has run (helmet's included): the headers are set here, the answer is the error handler's.
      void reply.headers(headers).header('cache-control', 'no-store');
      return handleError(error, request, reply, errorPage);
    },
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
      // A reset connection has nobody to answer.
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const known = clientError(error.code);
      const body = JSON.stringify(errorBody(known, randomUUID()));
      const head = { ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
      if (!socket.writable) return void socket.destroy(error);
      socket.end(`HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\n${Object.entries(head).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`);
    },
  };
}
