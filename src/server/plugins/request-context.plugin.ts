import { AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { runInRequestContext, type RequestContext } from '../audit/request-context.ts';

const scopes = new WeakMap<FastifyRequest, AsyncResource>();

function contextOf(request: FastifyRequest): RequestContext {
  return {
    ip: request.ip,
    requestId: String(request.id),
    get accountId() {
      return request.session?.account?.id ?? null;
    },
  };
}

/**
 * One context per request, for code that is not handed an actor (audit rows written without
 * one). Register first in app.ts. Every answer names its request id in `x-request-id`, the id
 * the audit rows and 5xx bodies carry.
 */
export const requestContextPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', String(request.id));
    runInRequestContext(contextOf(request), () => {
      const scope = new AsyncResource('zizhi-request');
      scopes.set(request, scope);
      scope.runInAsyncScope(done);
    });
  });
  // The body is read from socket events outside that scope; validation, hooks and the handler
  // run after it, so they re-enter the request's scope here (as @fastify/request-context does).
  app.addHook('preValidation', (request, _reply, done) => {
    const scope = scopes.get(request);
    if (scope) scope.runInAsyncScope(done);
    else done();
  });
});
