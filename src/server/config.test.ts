import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUNDLED_CLAIM_MAP } from './auth/identity-mapping.ts';
import { ConfigError, loadConfig } from './config.ts';

/** The problems loadConfig reports for `env`; fails the test when it accepts it. */
function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.equal(error.problems.length > 0, true);
    for (const p of error.problems) assert.ok(error.message.includes(p), 'the message lists every problem');
    return [...error.problems];
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** The variables named by the problems (each problem starts with "NAME: "). */
const named = (list: string[]) => list.map((p) => p.split(':', 1)[0]).sort();

test('defaults: port 3000, PUBLIC_URL http://localhost:3000, bundled OIDC, plain cookies', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.publicUrl, 'http://localhost:3000');
  assert.deepEqual(config.oidc, { mode: 'bundled' });
  assert.equal(config.secureCookies, false);
  assert.equal(config.env, 'development');
  assert.deepEqual(config.session, { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 });
});

test('an empty variable counts as unset', () => {
  assert.equal(loadConfig({ PORT: '', PUBLIC_URL: '' }).publicUrl, 'http://localhost:3000');
});

test('the default PUBLIC_URL follows PORT; a trailing slash is dropped', () => {
  assert.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://localhost:8080');
  assert.equal(loadConfig({ PUBLIC_URL: 'http://zizhi.example/' }).publicUrl, 'http://zizhi.example');
});

test('PORT=abc is refused naming PORT and the value', () => {
  const list = problems({ PORT: 'abc' });
  assert.deepEqual(named(list), ['PORT']);
  assert.match(list[0]!, /"abc"/);
});

test('a port out of range is refused naming PORT', () => {
  assert.deepEqual(named(problems({ PORT: '70000' })), ['PORT']);
});

test('DATABASE_URL=mysql://… is refused naming DATABASE_URL', () => {
  const list = problems({ DATABASE_URL: 'mysql://root@localhost/zizhi' });
  assert.deepEqual(named(list), ['DATABASE_URL']);
  assert.match(list[0]!, /postgres:\/\//);
});

test('a postgres DATABASE_URL is accepted', () => {
  assert.equal(loadConfig({ DATABASE_URL: 'postgresql://u@db/zizhi' }).databaseUrl, 'postgresql://u@db/zizhi');
});

test('OIDC_ISSUER without client id and secret names both', () => {
  assert.deepEqual(named(problems({ OIDC_ISSUER: 'https://id.example.gov.cn' })), ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET']);
  assert.deepEqual(named(problems({ OIDC_ISSUER: 'https://id.example.gov.cn', OIDC_CLIENT_ID: 'zizhi' })), ['OIDC_CLIENT_SECRET']);
});

test('OIDC_ISSUER with client id and secret selects the external provider', () => {
  const config = loadConfig({ OIDC_ISSUER: 'https://id.example.gov.cn', OIDC_CLIENT_ID: 'zizhi', OIDC_CLIENT_SECRET: 's3cret' });
  assert.deepEqual(config.oidc, {
    mode: 'external',
    issuer: 'https://id.example.gov.cn',
    clientId: 'zizhi',
    clientAuth: { method: 'client_secret_basic', secret: 's3cret' },
    redirectUri: 'http://localhost:3000/auth/callback',
    claimMap: BUNDLED_CLAIM_MAP,
  });
});

test('the browser-test hooks are refused in production', () => {
  assert.deepEqual(named(problems({ NODE_ENV: 'production', PUBLIC_URL: 'https://zizhi.example.gov.cn', TEST_HOOKS: 'true' })), ['TEST_HOOKS']);
  assert.equal(loadConfig({ TEST_HOOKS: 'true' }).testHooks, true);
  assert.equal(loadConfig({}).testHooks, false);
});

test('NODE_ENV=production without PUBLIC_URL names PUBLIC_URL', () => {
  assert.deepEqual(named(problems({ NODE_ENV: 'production' })), ['PUBLIC_URL']);
  assert.equal(loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://zizhi.example.gov.cn' }).env, 'production');
});

test('several problems are all reported at once, field and cross-field alike', () => {
  const list = problems({ PORT: 'abc', DATABASE_URL: 'mysql://x', NODE_ENV: 'production', OIDC_ISSUER: 'https://id.example.gov.cn' });
  assert.deepEqual(named(list), ['DATABASE_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'PORT', 'PUBLIC_URL']);
});

test('an https PUBLIC_URL turns on secure cookies; http does not', () => {
  assert.equal(loadConfig({ PUBLIC_URL: 'https://zizhi.example.gov.cn' }).secureCookies, true);
  assert.equal(loadConfig({ PUBLIC_URL: 'http://zizhi.example.gov.cn' }).secureCookies, false);
});

test('a PUBLIC_URL that is not http(s) is refused naming PUBLIC_URL', () => {
  assert.deepEqual(named(problems({ PUBLIC_URL: 'ftp://zizhi.example' })), ['PUBLIC_URL']);
});

test('mail and outbox defaults: no SMTP, the 规自委 sender, a 5 s poll', () => {
  const config = loadConfig({});
  assert.deepEqual(config.mail, { from: '北京市规划和自然资源委员会 <noreply@zizhi.local>' });
  assert.equal(config.outboxPollMs, 5_000);
});

test('SMTP_URL, MAIL_FROM and OUTBOX_POLL_SECONDS are read', () => {
  const config = loadConfig({ SMTP_URL: 'smtps://zizhi:pw@mail.example.gov.cn:465', MAIL_FROM: 'noreply@example.gov.cn', OUTBOX_POLL_SECONDS: '60' });
  assert.deepEqual(config.mail, { smtpUrl: 'smtps://zizhi:pw@mail.example.gov.cn:465', from: 'noreply@example.gov.cn' });
  assert.equal(config.outboxPollMs, 60_000);
  assert.equal(loadConfig({ SMTP_URL: 'smtp://mail.example.gov.cn:587' }).mail.smtpUrl, 'smtp://mail.example.gov.cn:587');
});

test('an SMTP_URL that is not smtp(s):// is refused without echoing its password', () => {
  const list = problems({ SMTP_URL: 'https://zizhi:secret@mail.example.gov.cn' });
  assert.deepEqual(named(list), ['SMTP_URL']);
  assert.match(list[0]!, /smtp:\/\//);
  assert.doesNotMatch(list[0]!, /secret/);
  assert.match(list[0]!, /zizhi:\*\*\*@mail\.example\.gov\.cn/);
});

test('a MAIL_FROM that is not one address is refused naming MAIL_FROM', () => {
  for (const from of ['规自委', 'a@b.cn, c@d.cn', '规自委 <noreply@example.gov.cn>\r\nBcc: x@y.cn']) {
    assert.deepEqual(named(problems({ MAIL_FROM: from })), ['MAIL_FROM'], from);
  }
});

test('OUTBOX_POLL_SECONDS outside 1–3600 or not an integer is refused naming it', () => {
  for (const value of ['0', '3601', '2.5', 'soon']) {
    const list = problems({ OUTBOX_POLL_SECONDS: value });
    assert.deepEqual(named(list), ['OUTBOX_POLL_SECONDS'], value);
    assert.match(list[0]!, /1–3600/);
  }
});

const ISSUER = { OIDC_ISSUER: 'https://id.example.gov.cn', OIDC_CLIENT_ID: 'zizhi' };

test('OIDC_TOKEN_AUTH, OIDC_REDIRECT_URI: read, and refused naming them when wrong', () => {
  const post = loadConfig({ ...ISSUER, OIDC_CLIENT_SECRET: 's', OIDC_TOKEN_AUTH: 'client_secret_post', OIDC_REDIRECT_URI: 'https://zizhi.example.gov.cn/zizhi/auth/callback' });
  assert.ok(post.oidc.mode === 'external');
  assert.deepEqual(post.oidc.clientAuth, { method: 'client_secret_post', secret: 's' });
  assert.equal(post.oidc.redirectUri, 'https://zizhi.example.gov.cn/zizhi/auth/callback');
  assert.deepEqual(named(problems({ ...ISSUER, OIDC_CLIENT_SECRET: 's', OIDC_TOKEN_AUTH: 'tls_client_auth' })), ['OIDC_TOKEN_AUTH']);
  for (const uri of ['https://zizhi.example.gov.cn/callback', 'https://zizhi.example.gov.cn/auth/callback?x=1', 'zizhi/auth/callback']) {
    assert.deepEqual(named(problems({ ...ISSUER, OIDC_CLIENT_SECRET: 's', OIDC_REDIRECT_URI: uri })), ['OIDC_REDIRECT_URI'], uri);
  }
});

test('the external issuer’s settings without OIDC_ISSUER are refused naming each', () => {
  assert.deepEqual(named(problems({ OIDC_CLAIM_MAP: '/etc/zizhi/claims.json', OIDC_TOKEN_AUTH: 'client_secret_post' })), ['OIDC_CLAIM_MAP', 'OIDC_TOKEN_AUTH']);
});

test('a refused OIDC_CLIENT_SECRET setting never echoes a secret', () => {
  const list = problems({ ...ISSUER, OIDC_CLIENT_SECRET: 'very-secret', PORT: 'x', OIDC_TOKEN_AUTH: 'nope' });
  assert.ok(list.every((p) => !p.includes('very-secret')));
});

test('private_key_jwt needs a readable RSA (2048+) or P-256 key instead of a secret', async () => {
  const { generateKeyPairSync } = await import('node:crypto');
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = mkdtempSync(path.join(tmpdir(), 'zizhi-key-'));
  try {
    const jwt = { ...ISSUER, OIDC_TOKEN_AUTH: 'private_key_jwt' };
    assert.deepEqual(named(problems(jwt)), ['OIDC_CLIENT_KEY_FILE']);
    assert.deepEqual(named(problems({ ...jwt, OIDC_CLIENT_KEY_FILE: path.join(dir, 'none.pem') })), ['OIDC_CLIENT_KEY_FILE']);
    const notKey = path.join(dir, 'not.pem');
    writeFileSync(notKey, 'hello');
    assert.match(problems({ ...jwt, OIDC_CLIENT_KEY_FILE: notKey })[0]!, /^OIDC_CLIENT_KEY_FILE: 应为 PEM 或 JWK 格式的私钥/);
    const small = path.join(dir, 'small.pem');
    writeFileSync(small, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    assert.match(problems({ ...jwt, OIDC_CLIENT_KEY_FILE: small })[0]!, /2048 位以上的 RSA 或 P-256/);
    const ec = path.join(dir, 'ec.json');
    writeFileSync(ec, JSON.stringify({ ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), kid: 'k1' }));
    const config = loadConfig({ ...jwt, OIDC_CLIENT_KEY_FILE: ec });
    assert.ok(config.oidc.mode === 'external' && config.oidc.clientAuth.method === 'private_key_jwt');
    assert.equal(config.oidc.clientAuth.kid, 'k1');
    assert.equal(config.oidc.clientAuth.jwk.crv, 'P-256');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
