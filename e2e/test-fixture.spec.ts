import { expect, test } from './test.ts';

// The journeys open a browser context per person; e2e/test.ts closes them when the journey ends.
let opened: Awaited<ReturnType<import('./test.ts').Browser['newContext']>> | undefined;

test('a journey opens a context of its own', async ({ browser }) => {
  opened = await browser.newContext();
  await opened.newPage();
  expect(browser.contexts()).toContain(opened);
});

test('the next journey starts without it', async ({ browser }) => {
  expect(opened).toBeDefined();
  expect(browser.contexts()).not.toContain(opened);
  expect(opened!.pages()).toHaveLength(0);
});
