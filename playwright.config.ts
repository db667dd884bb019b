import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3199);
export const E2E_BASE_URL = `http://localhost:${port}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 90_000,
  // Two busy pages on a 2-core machine can take a few seconds to paint.
  expect: { timeout: 10_000 },
  // Spec files run side by side, each journey with staff accounts of its own (e2e/staff-driver.ts)
  // and closing only its own 公示 periods; the tests of one file run in order.
  fullyParallel: false,
  // Two workers keep both cores busy (one alone left a third of them idle: 68 % busy).
  workers: Number(process.env.E2E_WORKERS ?? 2),
  // One retry under CI for a rare first-test timeout seen once locally; the retry records a trace.
  retries: process.env.CI === 'true' ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: E2E_BASE_URL,
    browserName: 'chromium',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // The app honours prefers-reduced-motion (no antd animations): pages settle at once, and a
    // 2-core machine spends no time painting transitions the tests would only wait out.
    reducedMotion: 'reduce',
    // Recording a trace costs half again the CPU of a journey (accessibility + progress specs:
    // 34 → 22 CPU-seconds without): only a retry records one, so a failure still leaves a trace.
    trace: 'on-first-retry',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-extensions',
        '--mute-audio',
        // Fewer processes: the journeys visit one site, so per-site renderer isolation buys nothing here.
        '--disable-site-isolation-trials',
        '--disable-features=site-per-process,Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater',
        // A journey's pages live seconds: V8's optimising tiers spent CPU on code that ran a few times.
        // With these flags and the two above, Chromium took ~12 % less CPU over the browser tier.
        '--js-flags=--no-opt --no-maglev',
      ],
    },
  },
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    url: `${E2E_BASE_URL}/readyz`,
    timeout: 90_000,
    reuseExistingServer: false,
    env: { E2E_PORT: String(port) },
  },
});
