import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { createChallenge, randomInt, verifySolution, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Clock } from '../../clock.ts';
import type { DB } from '../../db/schema.ts';
import { getOrCreateSecret } from '../../secrets.ts';

/**
 * 人机验证 after repeated login failures: an ALTCHA proof-of-work challenge (altcha-lib on the
 * server, the `altcha` web component in the page). No third-party service, no image puzzle
 * (WCAG 3.3.8): the browser spends about a second of CPU, an attacker that per guess.
 * Deterministic mode: the solver must find one counter in [counterMin, counterMax] of PBKDF2
 * rounds of `cost` iterations; the server checks a solution with one HMAC.
 */
export const CHALLENGE = { algorithm: 'PBKDF2/SHA-256', cost: 1000, counterMin: 500, counterMax: 1000, ttlMs: 30 * 60_000 } as const;

/** The form field the widget fills with its solution. */
export const CHALLENGE_FIELD = 'altcha';

export type ChallengeCheck = { ok: true; id: string; expiresAt: Date } | { ok: false; problem: 'missing' | 'invalid' | 'expired' };

interface Secrets {
  signature: string;
  key: string;
}

export function createLoginChallenges(deps: { db: Kysely<DB>; clock: Clock }) {
  let secrets: Promise<Secrets> | undefined;
  // Shared by every instance: a challenge issued by one is checked by another.
  const getSecrets = () =>
    (secrets ??= getOrCreateSecret<Secrets>(deps.db, 'login-challenge-hmac', () => ({
      signature: randomBytes(32).toString('hex'),
      key: randomBytes(32).toString('hex'),
    })));

  return {
    /** A new signed challenge, as JSON for the widget's `challenge` attribute. Expires on the app clock. */
    async issue(): Promise<string> {
      const s = await getSecrets();
      const challenge = await createChallenge({
        algorithm: CHALLENGE.algorithm,
        cost: CHALLENGE.cost,
        counter: randomInt(CHALLENGE.counterMax, CHALLENGE.counterMin),
        deriveKey,
        hmacSignatureSecret: s.signature,
        hmacKeySignatureSecret: s.key,
        // Our own signed expiry (the library's uses the system time, not the injected clock).
        data: { exp: Math.floor((deps.clock.now().getTime() + CHALLENGE.ttlMs) / 1000) },
      });
      return JSON.stringify(challenge);
    },

    /** Check the widget's payload (base64 JSON). Not yet used up: the caller marks it used. */
    async check(payload: unknown): Promise<ChallengeCheck> {
      if (typeof payload !== 'string' || !payload) return { ok: false, problem: 'missing' };
      if (payload.length > 4096) return { ok: false, problem: 'invalid' };
      let parsed: { challenge?: Challenge; solution?: Solution };
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as typeof parsed;
      } catch {
        return { ok: false, problem: 'invalid' };
      }
      const { challenge, solution } = parsed ?? {};
      const params = challenge?.parameters;
      if (!params || typeof params !== 'object' || params.algorithm !== CHALLENGE.algorithm || typeof params.nonce !== 'string' || !solution) {
        return { ok: false, problem: 'invalid' };
      }
      const s = await getSecrets();
      try {
        const result = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: s.signature, hmacKeySignatureSecret: s.key });
        if (!result.verified) return { ok: false, problem: 'invalid' };
      } catch {
        return { ok: false, problem: 'invalid' };
      }
      // Signed, so trusted from here on.
      const exp = Number(params.data?.exp);
      if (!Number.isFinite(exp) || exp * 1000 <= deps.clock.now().getTime()) return { ok: false, problem: 'expired' };
      return { ok: true, id: params.nonce, expiresAt: new Date(exp * 1000) };
    },
  };
}

export type LoginChallenges = ReturnType<typeof createLoginChallenges>;

/**
 * The widget's files, served from our own origin under /idp-assets (CSP: script-src, worker-src
 * and style-src 'self'). The "external" build injects no styles and bundles no workers: the
 * entry module registers the PBKDF2 worker, then loads the widget.
 */
const ALTCHA_DIST = fileURLToPath(new URL('../', import.meta.resolve('altcha/external')));
const asset = (type: string, file: string) => ({ type, body: readFileSync(`${ALTCHA_DIST}${file}`, 'utf8') });

export const CHALLENGE_SCRIPT_PATH = '/idp-assets/challenge.js';
export const CHALLENGE_CSS_PATH = '/idp-assets/altcha.css';

const JS = 'text/javascript; charset=utf-8';
export const CHALLENGE_ASSETS: Readonly<Record<string, { type: string; body: string }>> = {
  [CHALLENGE_SCRIPT_PATH]: {
    type: JS,
    body: `import '/idp-assets/altcha-zh-cn.js';
globalThis.$altcha.algorithms.set('${CHALLENGE.algorithm}', () => new Worker('/idp-assets/altcha-pbkdf2.js'));
import('/idp-assets/altcha.js');
`,
  },
  '/idp-assets/altcha-zh-cn.js': asset(JS, 'i18n/zh-cn.js'),
  '/idp-assets/altcha-pbkdf2.js': asset(JS, 'workers/pbkdf2.js'),
  '/idp-assets/altcha.js': asset(JS, 'external/altcha.min.js'),
  [CHALLENGE_CSS_PATH]: asset('text/css; charset=utf-8', 'external/altcha.css'),
};
