import { defineConfig } from '@playwright/test';

/** End-to-end tests drive the real UI in Debian's Chromium against servers each test starts. */
export default defineConfig({
  testDir: 'e2e',
  // The path aliases (@shared/…) of the sources the tests import.
  tsconfig: './tsconfig.base.json',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // The list for the terminal; the JSON report for tools (pass/fail and duration of every test).
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  forbidOnly: true,
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env['OPENPSM_CHROMIUM'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
  },
});
