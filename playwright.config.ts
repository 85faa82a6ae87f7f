// Browser tests (tests/e2e/**/*.spec.ts) in Chromium against the built app on a seeded test database,
// which tests/helpers/e2e-global-setup.ts starts (or E2E_BASE_URL, to test a server you run).
// Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own browser
// (`npx playwright install chromium` where downloads work; scripts/ensure-chromium.sh installs Debian's).
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { getEnv } from './lib/env';

const env = getEnv();
const chromiumPath = env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'artifacts/test-results',
  globalSetup: './tests/helpers/e2e-global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Two cores: one worker keeps the server responsive; raise with --workers where there are more.
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list'], ['html', { outputFolder: 'artifacts/playwright-report', open: 'never' }]],
  use: {
    // Set by the global setup before the workers start (this file is loaded again in each worker).
    baseURL: env.E2E_BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumPath,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
});
