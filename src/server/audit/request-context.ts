import { AsyncLocalStorage } from 'node:async_hooks';

/** Where a request came from and who sent it: what every audit row written during it carries. */
export interface RequestContext {
  readonly ip: string;
  readonly requestId: string;
  /** The session's account; read when asked, so a login or logout during the request is seen. */
  readonly accountId: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * The context of the request this code runs for; undefined in timer jobs and at start-up. Audit
 * rows fall back to it when no actor is given (plugins/request-context.plugin.ts enters it).
 */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Run `fn` (and everything it schedules) inside `context`. */
export function runInRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}
