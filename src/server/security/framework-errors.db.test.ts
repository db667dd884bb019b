import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../../../test/support/app.ts';
import { ApplicantApi } from '../../../test/support/applicant.ts';
import { loggedInLegal, openRegisterPage, newBrowser } from '../../../test/support/flows.ts';
import { InjectBrowser } from '../../../test/support/browser.ts';
import { assertChineseError } from '../../../test/support/security.ts';
import { sampleApplication } from '../../domain/items/fixtures.ts';

/**
 * Answers Fastify, Node and the plugins give on their own, before any route (security review,
 * issue 14 point 5): a malformed %-encoding, an over-long parameter, a body of the wrong type, an
 * unknown method, a body too large, JSON that does not parse, an unknown route, a broken upload,
 * a rate limit, a request line or headers Node cannot parse. Each comes back in the app's shape
 * — its own code, a Chinese message, a request id, or the HTML error page on the IdP and public
 * pages — with the very security headers of any other answer, and nothing of Fastify's English.
 */

let t: TestApp;
let applicant: ApplicantApi;
let draftId: string;
let auth: Record<string, string>;
/** The security headers of an ordinary answer, which every error answer must repeat. */
let reference: Record<string, string>;

const SECURITY_HEADERS = [
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'x-frame-options',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
  'strict-transport-security',
];
/** Nonces differ per answer; an error answer has none. */
const withoutNonces = (csp: string) => csp.replace(/\s*'nonce-[^']+'/g, '');

function securityHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SECURITY_HEADERS) {
    const value = headers[name];
    if (value !== undefined) out[name] = name === 'content-security-policy' ? withoutNonces(String(value)) : String(value);
  }
  return out;
}

before(async () => {
  t = await buildTestApp();
  const { browser } = await loggedInLegal(t);
  applicant = new ApplicantApi(t, browser);
  const values = sampleApplication('survey-b', 'first', { today: t.clock.now() }).applicant;
  const created = await applicant.call('POST', '/api/applications', { item: 'survey-b', values });
  assert.equal(created.statusCode, 201, created.body);
  draftId = created.json().id;
  const { csrfToken } = await browser.sessionInfo();
  auth = { origin: TEST_PUBLIC_URL, 'x-csrf-token': csrfToken ?? '', cookie: `zz_sid=${browser.cookie('zz_sid')}` };
  reference = securityHeaders((await t.app.inject({ method: 'GET', url: '/healthz' })).headers);
});
after(() => t?.close());

function assertSameSecurityHeaders(headers: Record<string, unknown>, label: string): void {
  assert.ok(reference['content-security-policy']?.includes("object-src 'none'"), 'the reference answer has a CSP');
  assert.equal(headers['x-content-type-options'], 'nosniff', `${label}: nosniff`);
  assert.deepEqual(securityHeaders(headers), reference, `${label}: the security headers of any other answer`);
  assert.equal(headers['x-powered-by'], undefined, label);
}

/** JSON `{error:{code,message,requestId}}`, Chinese, the app's code, nothing of the framework's text. */
function assertAppError(res: LightMyRequestResponse, label: string, status: number, code: string, message: RegExp): void {
  assert.equal(res.statusCode, status, `${label}: ${res.body.slice(0, 300)}`);
  assert.match(String(res.headers['content-type']), /^application\/json/, label);
  const error = assertChineseError(res, label, code);
  assert.match(error.message, message, label);
  assert.match(String(res.json().error.requestId), /^[0-9a-f-]{36}$/, `${label}: request id`);
  assert.doesNotMatch(res.body, /FST_|Bad Request|Not Found|Unsupported|statusCode|is not a valid/, label);
  assertSameSecurityHeaders(res.headers, label);
}

/** An HTML error page in Chinese with the same headers. */
function assertErrorPage(res: LightMyRequestResponse, label: string, status: number, message: RegExp): void {
  assert.equal(res.statusCode, status, `${label}: ${res.body.slice(0, 300)}`);
  assert.match(String(res.headers['content-type']), /^text\/html/, label);
  assert.match(res.body, /<html lang="zh-CN">/, label);
  assert.match(res.body, message, label);
  assert.doesNotMatch(res.body, /FST_|Bad Request|Not Found|statusCode|is not a valid/, label);
  assertSameSecurityHeaders(res.headers, label);
}

const multipart = (boundary: string | undefined, body: string): InjectOptions => ({
  method: 'POST',
  url: `/api/applications/${draftId}/attachments/applicationForm`,
  headers: { ...auth, 'content-type': `multipart/form-data${boundary ? `; boundary=${boundary}` : ''}` },
  payload: body,
});

describe('JSON answers', () => {
  test('each framework refusal has the app code, a Chinese message and the security headers', async () => {
    const cases: [string, () => InjectOptions, number, string, RegExp][] = [
      ['a malformed %-encoding in the path', () => ({ method: 'GET', url: '/api/progress/%E0%A4%A', headers: auth }), 400, 'URL_MALFORMED', /请求地址格式不正确/],
      ['a malformed %-encoding, anonymous', () => ({ method: 'GET', url: '/api/applications/%E0%A4%A' }), 400, 'URL_MALFORMED', /请求地址格式不正确/],
      ['a path parameter over the router limit', () => ({ method: 'GET', url: `/api/progress/${'a'.repeat(300)}`, headers: auth }), 414, 'URI_TOO_LONG', /请求地址过长/],
      ['text/plain on a JSON route', () => ({ method: 'POST', url: '/api/applications', headers: { ...auth, 'content-type': 'text/plain' }, payload: '{"item":"survey-b","values":{}}' }), 415, 'UNSUPPORTED_MEDIA_TYPE', /不支持的内容类型/],
      ['application/xml on a JSON route', () => ({ method: 'POST', url: '/api/applications', headers: { ...auth, 'content-type': 'application/xml' }, payload: '<item>survey-b</item>' }), 415, 'UNSUPPORTED_MEDIA_TYPE', /不支持的内容类型/],
      ['a method no route has', () => ({ method: 'PROPFIND', url: '/api/applications', headers: auth }), 404, 'ROUTE_NOT_FOUND', /请求的地址不存在/],
      ['a method the route does not take', () => ({ method: 'DELETE', url: '/api/applications', headers: auth }), 404, 'ROUTE_NOT_FOUND', /请求的地址不存在/],
      ['a body over 1 MiB', () => ({ method: 'POST', url: '/api/applications', headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify({ item: 'x'.repeat(1_100_000) }) }), 413, 'PAYLOAD_TOO_LARGE', /提交的内容过大/],
      ['JSON that does not parse', () => ({ method: 'POST', url: '/api/applications', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"item": ' }), 400, 'JSON_INVALID', /不是有效的JSON/],
      ['an empty JSON body', () => ({ method: 'POST', url: '/api/applications', headers: { ...auth, 'content-type': 'application/json' }, payload: '' }), 400, 'BODY_EMPTY', /请求格式不正确：请求内容为空/],
      ['an unknown API route', () => ({ method: 'GET', url: '/api/no-such-route', headers: auth }), 404, 'ROUTE_NOT_FOUND', /请求的地址不存在/],
      ['an unknown asset', () => ({ method: 'GET', url: '/assets/no-such-file.js' }), 404, 'ROUTE_NOT_FOUND', /请求的地址不存在/],
      ['multipart without a boundary', () => multipart(undefined, 'garbage'), 400, 'UPLOAD_MALFORMED', /上传的内容不完整或格式不正确/],
      ['a multipart upload cut off inside the file', () => multipart('zz', '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 cut'), 400, 'UPLOAD_MALFORMED', /上传的内容不完整或格式不正确/],
      ['more multipart parts than allowed', () => multipart('zz', `${['a', 'b', 'c', 'd', 'e'].map((n) => `--zz\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n1\r\n`).join('')}--zz--\r\n`), 413, 'PAYLOAD_TOO_LARGE', /提交的内容过大/],
    ];
    for (const [label, request, status, code, message] of cases) {
      assertAppError(await t.app.inject(request()), label, status, code, message);
    }
  });

  test('a rate limit is answered by the error handler too', async () => {
    const browser = newBrowser(t);
    const page = await openRegisterPage(browser, 'legal');
    const action = InjectBrowser.form(page.body).action;
    let limited: LightMyRequestResponse | undefined;
    for (let i = 0; i < 12 && !limited; i++) {
      const res = await browser.request('POST', action, { form: { _csrf: 'wrong' }, headers: { origin: browser.origin } });
      if (res.statusCode === 429) limited = res;
    }
    assert.ok(limited, 'the registration form is limited to 10 a minute');
    assertErrorPage(limited, 'IdP registration rate limit', 429, /操作过于频繁|请求过于频繁/);
  });
});

describe('HTML pages', () => {
  test('IdP and public pages answer an HTML error page with the same headers', async () => {
    const cases: [string, string, number, RegExp][] = [
      ['IdP: malformed %-encoding', '/idp/interaction/%E0%A4%A', 400, /请求地址格式不正确/],
      ['IdP: a path the provider does not serve', '/idp/no-such-page', 404, /页面不存在/],
      ['核验: malformed %-encoding', '/verify/%E0%A4%A', 400, /请求地址格式不正确/],
      ['核验: a code over the router limit', `/verify/${'A'.repeat(300)}`, 414, /请求地址过长/],
      ['核验: a code over the schema limit', `/verify?code=${'A'.repeat(41)}`, 400, /查询参数“code”不能超过 40 个字符/],
      ['公示: malformed %-encoding', '/public/notices/%E0%A4%A', 400, /请求地址格式不正确/],
      ['公示: unknown page', '/public/no-such-page', 404, /请求的地址不存在/],
    ];
    for (const [label, url, status, message] of cases) assertErrorPage(await t.app.inject({ method: 'GET', url }), label, status, message);
  });

  test('an IdP form posted as XML is refused on the IdP error page', async () => {
    const browser = newBrowser(t);
    const page = await openRegisterPage(browser, 'legal');
    const res = await t.app.inject({
      method: 'POST',
      url: InjectBrowser.form(page.body).action,
      headers: { 'content-type': 'application/xml', origin: TEST_PUBLIC_URL },
      payload: '<form/>',
      remoteAddress: browser.remoteAddress,
    });
    assertErrorPage(res, 'IdP form as XML', 415, /请求无法处理/);
  });
});

/** Raw HTTP over a socket: what Node's parser refuses never reaches inject. */
async function rawRequest(port: number, text: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const response = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (out += d));
    socket.on('close', () => resolve(out));
    socket.on('error', (e) => (out ? resolve(out) : reject(e)));
    socket.setTimeout(5_000, () => socket.destroy());
  });
  const [head = '', body = ''] = response.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

describe('requests Node cannot parse', () => {
  test('an unknown method, a broken request line, headers over the limit: JSON in Chinese with the headers', async () => {
    const served = await buildTestApp();
    try {
      await served.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = served.app.server.address() as net.AddressInfo;
      const cases: [string, string, number, string, RegExp][] = [
        ['an unknown method', 'BREW /api/applications HTTP/1.1\r\nHost: zizhi.test\r\n\r\n', 400, 'METHOD_UNSUPPORTED', /不支持的请求方法/],
        ['a broken request line', 'GET /a b c\r\n\r\n', 400, 'REQUEST_MALFORMED', /请求格式不正确/],
        ['headers over the limit', `GET /api/session HTTP/1.1\r\nHost: zizhi.test\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'HEADERS_TOO_LARGE', /请求头过大/],
      ];
      for (const [label, text, status, code, message] of cases) {
        const res = await rawRequest(port, text);
        assert.equal(res.status, status, `${label}: ${res.body}`);
        assert.match(res.headers['content-type'] ?? '', /^application\/json/, label);
        const error = JSON.parse(res.body).error;
        assert.equal(error.code, code, label);
        assert.match(error.message, message, label);
        assert.match(error.requestId, /^[0-9a-f-]{36}$/, label);
        assertSameSecurityHeaders(res.headers, label);
      }
    } finally {
      await served.close();
    }
  });

  test('a request arriving while the server shuts down gets 503 SHUTTING_DOWN with the headers', async () => {
    const served = await buildTestApp();
    let closing: Promise<void> | undefined;
    try {
      await served.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = served.app.server.address() as net.AddressInfo;
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      let out = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (out += d));
      const ended = new Promise((resolve) => socket.on('close', resolve));
      // The request has begun (so the connection is not idle) when the shutdown starts; it ends after.
      socket.write('GET /healthz HTTP/1.1\r\nHost: zizhi.test\r\n');
      await new Promise((resolve) => setTimeout(resolve, 50));
      closing = served.app.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.write('\r\n');
      await ended;
      const [head = '', body = ''] = out.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      assert.equal(Number(statusLine.split(' ')[1]), 503, out);
      const error = JSON.parse(body).error;
      assert.equal(error.code, 'SHUTTING_DOWN');
      assert.match(error.message, /系统正在重启/);
      assertSameSecurityHeaders(headers, 'shutting down');
    } finally {
      await closing;
      await served.close().catch(() => {});
    }
  });
});

describe('over https', () => {
  test('framework answers carry HSTS like any other answer', async () => {
    const secure = await buildTestApp({ PUBLIC_URL: 'https://zizhi.test' });
    try {
      const normal = await secure.app.inject({ method: 'GET', url: '/healthz' });
      const bad = await secure.app.inject({ method: 'GET', url: '/api/progress/%E0%A4%A' });
      assert.equal(bad.statusCode, 400);
      assert.match(String(bad.headers['strict-transport-security']), /max-age=31536000/);
      assert.deepEqual(securityHeaders(bad.headers), securityHeaders(normal.headers));
    } finally {
      await secure.close();
    }
  });
});
