import { createHash } from 'node:crypto';
import { test as base, type TestInfo } from '@playwright/test';

export { expect } from '@playwright/test';
export type { APIResponse, Browser, Locator, Page, TestInfo } from '@playwright/test';

/**
 * The address a journey's requests come from: one per test (and per retry), in 10.0.0.0/8. The
 * server trusts X-Forwarded-For here (scripts/e2e-server.mjs sets TRUST_PROXY), as behind the
 * proxy of a real deployment, so each journey is one more person at one more address: the limits
 * counted per address (10 registrations, 20 login forms a minute) hold for each journey as they
 * would for a real applicant, instead of being shared by every journey of a run on 127.0.0.1 —
 * where a faster run tripped the registration limit.
 */
function clientAddress(info: TestInfo): string {
  const [a, b, c] = createHash('sha256').update(`${info.testId}:${info.retry}`).digest();
  return `10.${a}.${b}.${(c! % 254) + 1}`;
}

/**
 * Playwright's `test`, plus two rules: each journey comes from its own address (above), and every browser context a journey opens with
 * `browser.newContext()` (one per person acting in it) is closed when the test ends. Left open,
 * they kept a renderer each alive for the rest of the run — seventy by the seventeenth journey —
 * and every later journey ran slower on a 2-core machine.
 */
export const test = base.extend<{ closeOpenedContexts: void }>({
  // An option fixture: Playwright applies it to `browser.newContext()` in a test as well.
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  extraHTTPHeaders: async ({}, use, info) => use({ 'x-forwarded-for': clientAddress(info) }),
  closeOpenedContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      await Promise.all(browser.contexts().filter((c) => !before.has(c)).map((c) => c.close()));
    },
    { auto: true },
  ],
});
