import assert from 'node:assert/strict';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

/**
 * The IdP's 人机验证 (ALTCHA proof of work) in tests: read the challenge the page's widget
 * carries and solve it with the library's own solver, as the widget's worker does.
 */

const unescapeHtml = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

/** The challenge in the page's `<altcha-widget>`, undefined when the page carries none. */
export function pageChallenge(html: string): Challenge | undefined {
  const m = /<altcha-widget challenge="([^"]*)"/.exec(html);
  return m ? (JSON.parse(unescapeHtml(m[1]!)) as Challenge) : undefined;
}

export const hasChallenge = (html: string) => pageChallenge(html) !== undefined;

/** The form field value the widget submits (base64 JSON of challenge and solution). */
export function challengePayload(challenge: Challenge, solution: { counter: number; derivedKey: string }): string {
  return Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString('base64');
}

/** Solve the page's challenge: `{ altcha }` to add to the form values. */
export async function solvePageChallenge(html: string): Promise<{ altcha: string }> {
  const challenge = pageChallenge(html);
  assert.ok(challenge, 'the page carries no challenge (人机验证)');
  const solution = await solveChallenge({ challenge, deriveKey });
  assert.ok(solution, 'the challenge was solved');
  return { altcha: challengePayload(challenge, solution) };
}

/** The page's challenge solved when it carries one, else nothing. */
export async function solveIfAsked(html: string): Promise<{ altcha?: string }> {
  return hasChallenge(html) ? solvePageChallenge(html) : {};
}
