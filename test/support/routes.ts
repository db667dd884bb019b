import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { buildTestApp, type TestApp } from './app.ts';

/** One registered route as Fastify saw it (HEAD twins of GET routes left out). */
export interface AppRoute {
  method: string;
  url: string;
  schema: { body?: unknown; querystring?: unknown; params?: unknown } | undefined;
  /** `${method} ${url}`, the key the security tables use. */
  key: string;
}

/**
 * Build the real test app while recording every route it registers. Fastify publishes
 * `fastify.initialization` on the diagnostics channel as soon as an instance exists, before
 * any plugin runs, so an `onRoute` hook added there sees the complete route table, including
 * routes added inside encapsulated plugins.
 */
export async function buildTestAppWithRoutes(env: Record<string, string> = {}, build = buildTestApp): Promise<{ t: TestApp; routes: AppRoute[] }> {
  const routes: AppRoute[] = [];
  let instance: FastifyInstance | undefined;
  const onInit = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    if (instance) return; // only the app's own root instance
    instance = fastify;
    fastify.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) {
        routes.push({ method, url: route.url!, schema: route.schema as AppRoute['schema'], key: `${method} ${route.url}` });
      }
    });
  };
  subscribe('fastify.initialization', onInit);
  let t: TestApp;
  try {
    t = await build(env);
  } finally {
    unsubscribe('fastify.initialization', onInit);
  }
  return { t, routes: dedupe(routes) };
}

/** Each (method, url) once; the HEAD twin Fastify adds to every GET route is not a route of its own. */
function dedupe(routes: AppRoute[]): AppRoute[] {
  const seen = new Map<string, AppRoute>();
  for (const r of routes) if (!seen.has(r.key)) seen.set(r.key, r);
  return [...seen.values()].filter((r) => !(r.method === 'HEAD' && seen.has(`GET ${r.url}`)));
}

/** `/api/x/:id/y/:slot` with its parameters filled from `params` (a missing one throws). */
export function fillPath(url: string, params: Record<string, string>): string {
  return url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${url}`);
    return encodeURIComponent(value);
  });
}
