// The digest HTML in a real browser (Chromium through Playwright), as a mail client's web view would show
// it: the composed mail for the fixture week, CID images swapped for the same PNGs as data: URIs. Saves
// screenshots at desktop and phone widths to artifacts/digest/ for people to look at.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_ACCESS } from '@/lib/access/viewer';
import { composeDigest, type ComposedDigest } from '@/lib/digest/compose';
import { engineDigestMetrics } from '@/lib/digest/engine-metrics';
import { dataUri, htmlWithImages } from '@/lib/digest/preview';
import { getEnv } from '@/lib/env';
import { digestSlotOfWeek } from '@/lib/jobs/schedules';
import { getTestDb } from '@/tests/helpers/database';
import { WEEK, seedDigestFixture } from './fixture';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../artifacts/digest');
// TOOLCHAIN.md: Debian's Chromium when present (Playwright's own download is not available here).
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function chromiumPath(): string | undefined {
  const configured = getEnv().CHROMIUM_PATH;
  if (configured) return configured;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

let browser: Browser;
let digest: ComposedDigest;
let html: string;

beforeAll(async () => {
  const db = getTestDb();
  const fixture = await seedDigestFixture(db);
  digest = await composeDigest(
    { db, metrics: engineDigestMetrics(db), appUrl: 'https://vitals.example.test', secret: 'render-test-secret-of-at-least-32-chars', from: 'Vitals <vitals@example.test>' },
    { subscriptionId: fixture.subscriptions.executive, name: 'Erin Executive', email: 'erin@example.test', timeZone: 'UTC', access: FULL_ACCESS },
    digestSlotOfWeek(WEEK, 'UTC'),
  );
  html = htmlWithImages(digest, (chart) => dataUri(chart.png));
  const executablePath = chromiumPath();
  browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
  await mkdir(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the digest HTML in Chromium', () => {
  for (const [name, width] of [['desktop', 800], ['phone', 390]] as const) {
    it(`lays out at ${width} px with every chart loaded and nothing fetched from outside (${name})`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const external: string[] = [];
      // A mail client shows no remote content by default: the digest must need none.
      await page.route('**/*', async (route) => {
        external.push(route.request().url());
        await route.abort();
      });
      await page.setContent(html, { waitUntil: 'load' });

      const images = await page.$$eval('img', (elements) => elements.map((image) => ({
        alt: image.alt,
        loaded: image.complete && image.naturalWidth > 0,
        naturalWidth: image.naturalWidth,
        shownWidth: image.getBoundingClientRect().width,
      })));
      expect(images).toHaveLength(4);
      for (const image of images) {
        expect(image.loaded, image.alt).toBe(true);
        expect(image.naturalWidth).toBe(1200);
        expect(image.shownWidth).toBeLessThanOrEqual(600);
      }
      expect(external).toEqual([]);

      // Desktop: nothing overflows. Phone: the team tables keep the column near 500 px, which phone mail
      // apps scale to fit; a bigger overflow means a layout regression.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      console.log(`${name}: ${overflow} px wider than the screen`);
      expect(overflow).toBeLessThanOrEqual(name === 'phone' ? 160 : 0);

      await expect.poll(() => page.getByRole('heading', { name: 'Top risks' }).isVisible()).toBe(true);
      const text = await page.locator('body').innerText();
      expect(text).toContain('This week at a glance');
      expect(text).toContain('Payments');
      expect(text).toContain('SQL injection in refunds');
      expect(text).toContain('Open the dashboard for this week');

      const file = path.join(ARTIFACTS, `digest-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect(existsSync(file)).toBe(true);
      await page.close();
    }, 30_000);
  }
});
