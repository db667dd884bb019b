import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';

/**
 * HTTP caching of the server-rendered public pages, as the 公示/公告 columns do it: weak ETags
 * that name everything a page is made of, `public, max-age=60`, 304 on a match, and the rendered
 * pages of this instance kept by ETag.
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60';

type Query = Record<string, string | string[] | undefined>;
export type { Query as PublicQuery };

/** A repeated parameter counts by its first value; trimmed. */
export function firstParam(query: Query, name: string): string {
  const v = query[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
}

/** `renderVersion` first: bump it when the markup changes, so cached copies are not revalidated as unchanged. */
export function weakEtag(renderVersion: string, parts: ReadonlyArray<unknown>): string {
  return `W/"${createHash('sha256').update(JSON.stringify([renderVersion, ...parts])).digest('base64url').slice(0, 27)}"`;
}

/** Weak comparison (RFC 9110 §13.1.2): any listed tag, W/ or not, or '*'. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === opaque;
  });
}

/** Sets the caching headers; true (and 304 sent) when the client's copy is current. */
export function answeredFromCache(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('cache-control', PUBLIC_CACHE_CONTROL).header('etag', etag);
  if (!matchesEtag(request.headers['if-none-match'], etag)) return false;
  void reply.code(304).send();
  return true;
}

/** An HTML page; anything but a 200 is never stored (and drops the ETag a 200 would carry). */
export function sendHtml(reply: FastifyReply, status: number, page: string) {
  if (status !== 200) reply.removeHeader('etag').header('cache-control', 'no-store');
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}

/**
 * Rendered 200 pages of this instance by ETag, about `units` UTF-16 code units (≈ 2 bytes each).
 * A hit is as current as a fresh render because the ETag names everything the page is made of.
 */
export function createPageCache(units: number) {
  const pages = new LRUCache<string, string>({ maxSize: units, sizeCalculation: (html) => Math.max(1, html.length) });
  return async (reply: FastifyReply, etag: string, render: () => Promise<string>) => {
    const hit = pages.get(etag);
    if (hit !== undefined) return sendHtml(reply, 200, hit);
    const html = await render();
    pages.set(etag, html);
    return sendHtml(reply, 200, html);
  };
}
