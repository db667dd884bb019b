import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { TEST_PUBLIC_URL, type TestApp } from '../../../test/support/app.ts';
import { createTestDatabase } from '../../../test/support/db.ts';
import { loggedInLegal, newBrowser, openLoginPage, openRegisterPage } from '../../../test/support/flows.ts';
import { createApp } from '../app.ts';
import { createManualClock } from '../clock.ts';
import { loadConfig } from '../config.ts';

/**
 * Security headers on every kind of page (QUALITY.md S3, ASVS V3.4): the SPA's index.html, its
 * assets, the identity provider's pages and protocol answers, the public pages (核验, 公示, 公告),
 * JSON and errors — PDFs are checked on every route by route-matrix.db.test.ts. And the cookies
 * a whole registration sets: HttpOnly and SameSite always, Secure and HSTS behind https.
 */

/** The real app serving a small stand-in for the built SPA (index.html with the nonce placeholder, one asset). */
async function buildWebApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const dir = mkdtempSync(path.join(tmpdir(), 'zizhi-web-'));
  const webRoot = path.join(dir, 'web');
  mkdirSync(path.join(webRoot, 'assets'), { recursive: true });
  const template = readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8').replace(
    '<script type="module" src="./main.tsx"></script>',
    '<script type="module" crossorigin src="/assets/index-test.js"></script>',
  );
  writeFileSync(path.join(webRoot, 'index.html'), template);
  writeFileSync(path.join(webRoot, 'assets', 'index-test.js'), 'console.log("zizhi");\n');
  const config = loadConfig({ PUBLIC_URL: TEST_PUBLIC_URL, NODE_ENV: 'test', BLOB_DIR: path.join(dir, 'blobs'), ...env });
  const clock = createManualClock(new Date('2026-11-27T02:00:00Z'));
  const app = await createApp({ config, database, clock, webRoot });
  await app.ready();
  return {
    app,
    database,
    clock,
    config,
    close: async () => {
      await app.close();
      await database.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let t: TestApp;
before(async () => {
  t = await buildWebApp();
});
after(() => t?.close());

function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values.join(' ')] as const;
      }),
  );
}

/** The headers every answer carries, whatever it is. */
function assertBaseline(res: LightMyRequestResponse, label: string, opts: { https?: boolean } = {}): Map<string, string> {
  const h = res.headers;
  const csp = String(h['content-security-policy'] ?? '');
  assert.ok(csp, `${label}: Content-Security-Policy`);
  const d = directives(csp);
  const script = d.get('script-src') ?? d.get('default-src');
  assert.ok(script, `${label}: script-src or default-src: ${csp}`);
  assert.doesNotMatch(script, /'unsafe-inline'|'unsafe-eval'|\*|data:|https?:/, `${label}: ${csp}`);
  assert.equal(d.get('object-src'), "'none'", `${label}: ${csp}`);
  assert.equal(h['x-content-type-options'], 'nosniff', label);
  assert.ok(h['referrer-policy'], `${label}: Referrer-Policy`);
  assert.ok(d.get('frame-ancestors') === "'none'" || /^(DENY|SAMEORIGIN)$/i.test(String(h['x-frame-options'])), `${label}: framing`);
  assert.equal(h['x-powered-by'], undefined, label);
  assert.equal(h.server, undefined, label);
  if (opts.https) {
    const hsts = /max-age=(\d+)/.exec(String(h['strict-transport-security'] ?? ''));
    assert.ok(hsts && Number(hsts[1]) >= 31_536_000, `${label}: HSTS for a year: ${String(h['strict-transport-security'])}`);
  } else {
    assert.equal(h['strict-transport-security'], undefined, `${label}: no HSTS over plain http`);
  }
  return d;
}

/** An HTML page of ours: the full policy, and no inline script in the markup. */
function assertPage(res: LightMyRequestResponse, label: string, opts: { https?: boolean } = {}): void {
  assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/, label);
  const d = assertBaseline(res, label, opts);
  assert.equal(d.get('frame-ancestors'), "'none'", label);
  assert.equal(d.get('base-uri'), "'none'", label);
  assert.equal(d.get('form-action'), "'self'", label);
  // helmet adds a per-response nonce to script-src as well; nothing inline uses it, and a nonce never widens to 'unsafe-inline'.
  assert.match(d.get('script-src') ?? '', /^'self'( 'nonce-[A-Za-z0-9+/=_-]+')?$/, label);
  assert.doesNotMatch(d.get('style-src') ?? '', /'unsafe-inline'/, label);
  for (const tag of res.body.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /\bsrc="\/[^"]+"/, `${label}: only external scripts: ${tag}`);
  assert.doesNotMatch(res.body, /\son[a-z]+\s*=/i, `${label}: no inline event handlers`);
  assert.doesNotMatch(res.body, /javascript:/i, label);
}

describe('security headers on every page type', () => {
  test('the SPA: index.html on its routes with a fresh style nonce, and its assets', async () => {
    const nonces = new Set<string>();
    for (const url of ['/', '/my', '/staff', '/items/survey-b/apply', '/admin/staff', '/no/such/page']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assertPage(res, url);
      assert.match(String(res.headers['cache-control']), /no-store/, `${url}: index.html is not cached`);
      const styleSrc = directives(String(res.headers['content-security-policy'])).get('style-src')!;
      const nonce = /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(styleSrc)?.[1];
      assert.ok(nonce, `${url}: a style nonce: ${styleSrc}`);
      assert.match(res.body, new RegExp(`<meta name="csp-nonce" content="${nonce}"`), `${url}: the page gets the header's nonce`);
      nonces.add(nonce);
    }
    assert.equal(nonces.size, 6, 'a new nonce per response');

    const asset = await t.app.inject({ method: 'GET', url: '/assets/index-test.js' });
    assert.equal(asset.statusCode, 200);
    assertBaseline(asset, 'asset');
    assert.match(String(asset.headers['content-type']), /javascript/);
    assert.match(String(asset.headers['cache-control']), /immutable/);
  });

  test('the identity provider: login, registration, error pages and protocol answers', async () => {
    const browser = newBrowser(t);
    const login = await openLoginPage(browser);
    assertPage(login, 'IdP login page');
    assert.match(String(login.headers['cache-control']), /no-store/);
    const register = await openRegisterPage(newBrowser(t), 'natural');
    assertPage(register, 'IdP registration page');
    const expired = await t.app.inject({ method: 'GET', url: '/idp/interaction/no-such-interaction' });
    assert.ok(expired.statusCode >= 400 && expired.statusCode < 500, String(expired.statusCode));
    assertPage(expired, 'IdP error page');
    assert.match(expired.body, /登录请求已过期/);
    // oidc-provider's own pages (the logout form) allow their one inline script by its hash, never 'unsafe-inline'.
    for (const url of ['/idp/.well-known/openid-configuration', '/idp/jwks', '/idp/auth?client_id=nobody', '/idp/session/end', '/idp/no-such-endpoint']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
      assertBaseline(res, url);
    }
    for (const url of ['/idp-assets/idp.css', '/idp-assets/challenge.js', '/idp-assets/altcha.js', '/idp-assets/altcha-zh-cn.js', '/idp-assets/altcha-pbkdf2.js', '/idp-assets/altcha.css']) {
      assertBaseline(await t.app.inject({ method: 'GET', url }), url);
    }
  });

  test('public pages: 文书核验, 资质资格公示 and 公告, 好差评, their feeds and stylesheet', async () => {
    for (const url of ['/verify', '/verify/NO-SUCH-CODE', '/verify?code=abc', '/public/notices', '/public/announcements', '/public/notices/00000000-0000-4000-8000-000000000000', '/public/notices?from=bad', '/public/qualifications', '/public/qualifications?q=%E5%8B%98%E5%AF%9F', '/public/qualifications?q=911', '/public/qualifications/engineers', '/public/qualifications/engineers?name=%E5%BC%A0', '/public/ratings']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
      if (res.statusCode >= 300 && res.statusCode < 400) {
        assertBaseline(res, url);
        continue;
      }
      assertPage(res, url);
    }
    for (const url of ['/public/notices/feed.xml', '/public/announcements/feed.xml', '/public-assets/public.css']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assertBaseline(res, url);
    }
  });

  test('JSON: the session probe, errors, health — authenticated JSON is never stored', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/session' });
    assertBaseline(anonymous, '/api/session anonymous');
    assert.match(String(anonymous.headers['cache-control']), /no-store/);
    const { browser } = await loggedInLegal(t);
    for (const url of ['/api/session', '/api/applications', '/api/progress', '/api/notifications', '/api/staff/queues', '/api/no-such-route']) {
      const res = await browser.request('GET', url);
      assertBaseline(res, url);
      assert.match(String(res.headers['content-type']), /^application\/json/, url);
      if (url !== '/api/no-such-route') assert.match(String(res.headers['cache-control']), /no-store/, `${url}: ${String(res.headers['cache-control'])}`);
    }
    for (const url of ['/healthz', '/readyz']) assertBaseline(await t.app.inject({ method: 'GET', url }), url);
  });
});

/** Every Set-Cookie line of every answer the browser received, with the URL it came from. */
function setCookies(history: { url: string; res: LightMyRequestResponse }[]): { url: string; line: string }[] {
  return history.flatMap(({ url, res }) => {
    const raw = res.headers['set-cookie'];
    return (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).map((line) => ({ url, line }));
  });
}

function assertCookie(line: string, label: string, secure: boolean): void {
  const attrs = line.split(';').slice(1).map((p) => p.trim().toLowerCase());
  assert.ok(attrs.includes('httponly'), `${label}: HttpOnly: ${line}`);
  assert.ok(attrs.some((a) => /^samesite=(lax|strict)$/.test(a)), `${label}: SameSite=Lax or Strict: ${line}`);
  assert.equal(attrs.includes('secure'), secure, `${label}: Secure=${secure}: ${line}`);
}

describe('cookies and transport', () => {
  test('over http: every cookie of a registration and login is HttpOnly and SameSite; no HSTS', async () => {
    const { browser } = await loggedInLegal(t);
    const cookies = setCookies(browser.history);
    const names = new Set(cookies.map((c) => c.line.split('=')[0]));
    assert.ok(names.has('zz_sid') && names.has('zz_idp_csrf'), [...names].join(', '));
    assert.ok([...names].some((n) => n!.startsWith('_interaction')) && [...names].some((n) => n!.startsWith('_session')), [...names].join(', '));
    for (const { url, line } of cookies) assertCookie(line, url, false);
    assertPage(await t.app.inject({ method: 'GET', url: '/' }), '/ over http');
  });

  test('over https: HSTS for a year, upgrade-insecure-requests, and every cookie Secure (the session one __Host-)', async () => {
    const t = await buildWebApp({ PUBLIC_URL: 'https://zizhi.test' });
    try {
      for (const url of ['/', '/verify', '/public/notices']) {
        const res = await t.app.inject({ method: 'GET', url });
        assertPage(res, url, { https: true });
        assert.ok(directives(String(res.headers['content-security-policy'])).has('upgrade-insecure-requests'), url);
      }
      assertBaseline(await t.app.inject({ method: 'GET', url: '/api/session' }), '/api/session', { https: true });
      const { browser } = await loggedInLegal(t);
      const cookies = setCookies(browser.history);
      assert.ok(cookies.some((c) => c.line.startsWith('__Host-zz_sid=')), 'the session cookie is __Host- prefixed');
      assert.ok(!cookies.some((c) => c.line.startsWith('zz_sid=')));
      for (const { url, line } of cookies) assertCookie(line, url, true);
      const login = await openLoginPage(newBrowser(t));
      assertPage(login, 'IdP login over https', { https: true });
    } finally {
      await t.close();
    }
  });
});
