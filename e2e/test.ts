import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';
export type { APIResponse, Browser, Locator, Page, TestInfo } from '@playwright/test';

/**
 * Playwright's `test`, plus one rule: every browser context a journey opens with
 * `browser.newContext()` (one per person acting in it) is closed when the test ends. Left open,
 * they kept a renderer each alive for the rest of the run — seventy by the seventeenth journey —
 * and every later journey ran slower on a 2-core machine.
 */
export const test = base.extend<{ closeOpenedContexts: void }>({
  closeOpenedContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      await Promise.all(browser.contexts().filter((c) => !before.has(c)).map((c) => c.close()));
    },
    { auto: true },
  ],
});
