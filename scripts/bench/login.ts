import type { Kysely } from 'kysely';
import { createAudit } from '../../src/server/audit/audit.service.ts';
import { createIdpUsersService } from '../../src/server/auth/idp/idp-users.service.ts';
import { verifyPassword } from '../../src/server/auth/idp/passwords.ts';
import { systemClock } from '../../src/server/clock.ts';
import type { DB } from '../../src/server/db/schema.ts';

/** A cookie jar good enough for one login journey on one origin. */
class Jar {
  private cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';', 1);
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function get(url: string, jar: Jar): Promise<Response> {
  const r = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.take(r);
  return r;
}

/**
 * The real journey up to the password check: /auth/login → the bundled IdP's authorization
 * endpoint → its login page (CSRF cookie and field) → POST of the password form, which is timed.
 * Returns the POST's latency and status (303 = accepted, on to the consent/callback steps).
 */
export async function timedLogin(base: string, loginId: string, password: string): Promise<{ ms: number; status: number }> {
  const jar = new Jar();
  const start = await get(`${base}/auth/login`, jar);
  let location = start.headers.get('location');
  for (let hop = 0; location && hop < 5; hop++) {
    const r = await get(new URL(location, base).href, jar);
    if (r.status === 200) {
      const page = await r.text();
      const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
      if (!action || !csrf) throw new Error('login page without form');
      const t0 = performance.now();
      const post = await fetch(new URL(action.replace(/&amp;/g, '&'), base).href, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: jar.header(), origin: new URL(base).origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, loginId, password }).toString(),
      });
      await post.arrayBuffer();
      return { ms: performance.now() - t0, status: post.status };
    }
    location = r.headers.get('location');
  }
  throw new Error(`login journey did not reach the password form (status ${start.status})`);
}

/** Calls per second of `fn` with `concurrency` in flight for `seconds`. */
async function throughput(fn: () => Promise<unknown>, concurrency: number, seconds: number): Promise<{ perSecond: number; count: number }> {
  const until = performance.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await fn();
        count += 1;
      }
    }),
  );
  return { perSecond: count / seconds, count };
}

/**
 * The IdP's password check in-process (the HTTP POST is limited to 20 a minute per address by
 * design): users.authenticate (lookup, throttle counters, scrypt) against scrypt alone.
 */
export async function passwordCheckThroughput(db: Kysely<DB>, logins: readonly string[], password: string, seconds: number) {
  const users = createIdpUsersService({ db, clock: systemClock, audit: createAudit({ db }), emailEnabled: false, hotline: '', publicUrl: 'http://bench.invalid' });
  const hash = (await db.selectFrom('idpUsers').select('passwordHash').where('uscc', '=', logins[0]!).executeTakeFirstOrThrow()).passwordHash;
  let i = 0;
  const concurrency = 4; // libuv's default thread pool, where scrypt runs
  const auth = await throughput(
    async () => {
      const r = await users.authenticate(logins[i++ % logins.length]!, password, { address: '127.0.0.1' });
      if (!r.ok) throw new Error(`login failed: ${r.message}`);
    },
    concurrency,
    seconds,
  );
  const bare = await throughput(() => verifyPassword(password, hash), concurrency, seconds);
  return { authenticate: auth.perSecond, scrypt: bare.perSecond, concurrency };
}
