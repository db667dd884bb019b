import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { TEST_PUBLIC_URL } from './app.ts';

/**
 * A tiny browser over fastify.inject: a cookie jar per path, redirects followed on request,
 * and helpers to read and submit the IdP's HTML forms.
 */
const rnd = () => Math.floor(Math.random() * 256);

export class InjectBrowser {
  private readonly jar = new Map<string, { value: string; path: string }>();
  lastUrl = '/';
  /** Each browser is its own client (own IP), as different applicants are: per-client rate limits apply per browser. */
  readonly remoteAddress = `10.${rnd()}.${rnd()}.${1 + (rnd() % 254)}`;
  /** Every request made, in order, with its answer (redirect hops included). */
  readonly history: { method: string; url: string; res: LightMyRequestResponse }[] = [];

  /** `baseUrl` is the app's PUBLIC_URL: the origin requests claim and redirects are followed within. */
  constructor(
    private readonly app: FastifyInstance,
    readonly baseUrl: string = TEST_PUBLIC_URL,
  ) {}

  get origin(): string {
    return new URL(this.baseUrl).origin;
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name)?.value;
  }

  setCookie(name: string, value: string, path = '/'): void {
    this.jar.set(name, { value, path });
  }

  deleteCookie(name: string): void {
    this.jar.delete(name);
  }

  private cookieHeader(pathname: string): string {
    return [...this.jar.entries()]
      .filter(([, c]) => pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  private store(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; path?: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.value === '' || (c.expires !== undefined && c.expires.getTime() < Date.now()) || c.maxAge === 0;
      if (expired) this.jar.delete(c.name);
      else this.jar.set(c.name, { value: c.value, path: c.path ?? '/' });
    }
  }

  async request(
    method: 'GET' | 'POST',
    url: string,
    opts: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const target = new URL(url, this.baseUrl);
    const headers: Record<string, string> = { ...opts.headers };
    const cookie = this.cookieHeader(target.pathname);
    if (cookie) headers.cookie = cookie;
    let payload: string | undefined;
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(opts.form).toString();
    } else if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(opts.json);
    }
    const res = await this.app.inject({
      method,
      url: `${target.pathname}${target.search}`,
      headers,
      remoteAddress: this.remoteAddress,
      ...(payload ? { payload } : {}),
    });
    this.store(res);
    this.lastUrl = `${target.pathname}${target.search}`;
    this.history.push({ method, url: this.lastUrl, res });
    return res;
  }

  /** Request, then follow 30x redirects within our origin until a non-redirect answer. */
  async navigate(
    method: 'GET' | 'POST',
    url: string,
    opts: { form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    let res = await this.request(method, url, opts);
    for (let hops = 0; hops < 20 && res.statusCode >= 300 && res.statusCode < 400; hops++) {
      const location = String(res.headers.location);
      const next = new URL(location, new URL(this.lastUrl, this.baseUrl));
      if (next.origin !== this.origin) return res;
      res = await this.request('GET', `${next.pathname}${next.search}`);
    }
    return res;
  }

  /** The action and hidden fields of the (first) form in an HTML page. */
  static form(html: string): { action: string; fields: Record<string, string> } {
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form in page: ${html.slice(0, 300)}`);
    const fields: Record<string, string> = {};
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
    return { action: action.replace(/&amp;/g, '&'), fields };
  }

  /** Submit the page's form with these values (hidden fields such as _csrf included). */
  async submit(html: string, values: Record<string, string>): Promise<LightMyRequestResponse> {
    const { action, fields } = InjectBrowser.form(html);
    return this.navigate('POST', action, { form: { ...fields, ...values }, headers: { origin: this.origin } });
  }

  /** GET /api/session as the SPA does. */
  async sessionInfo(): Promise<{ account: null | { id: string; kind: string; displayName: string; profile: Record<string, string>; roles: string[] }; csrfToken: string | null }> {
    return (await this.request('GET', '/api/session')).json();
  }
}
