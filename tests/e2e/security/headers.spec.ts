// Security headers on the wire, and a browser that runs every page under the nonce CSP without a
// single violation (a page whose scripts were blocked would be broken, not just insecure).
import { expect, test, type Page } from '@playwright/test';

function directive(csp: string, name: string): string[] {
  const part = csp.split(';').map((p) => p.trim()).find((p) => p.startsWith(`${name} `));
  return part ? part.split(/\s+/).slice(1) : [];
}

test('pages carry a fresh nonce CSP, HSTS, no referrer and no framing', async ({ request }) => {
  const first = await request.get('/signin');
  const second = await request.get('/signin');
  const csp = first.headers()['content-security-policy'] ?? '';
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce, 'script-src has a nonce').toBeTruthy();
  expect(second.headers()['content-security-policy']).not.toContain(nonce);
  expect(directive(csp, 'script-src')).toEqual(expect.arrayContaining([`'nonce-${nonce}'`, "'strict-dynamic'"]));
  expect(directive(csp, 'script-src')).not.toContain("'unsafe-inline'");
  expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
  expect(directive(csp, 'object-src')).toEqual(["'none'"]);

  // Every script tag of the page carries this response's nonce.
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  const headers = first.headers();
  expect(headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-powered-by']).toBeUndefined();
});

test('API responses carry the same headers', async ({ request }) => {
  const response = await request.get('/api/health');
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['strict-transport-security']).toContain('max-age=');
  expect(headers['referrer-policy']).toBe('no-referrer');
});

async function collectCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  return violations;
}

test('every main page runs without a CSP violation, signed in as the demo admin', async ({ page }) => {
  const violations = await collectCspViolations(page);
  await page.goto('/signin');
  await page.getByRole('button', { name: /\(admin\)$/ }).first().click();
  await expect(page).toHaveURL(/\/$/);
  const teamLink = page.locator('main a[href^="/teams/"]').first();
  const teamHref = await teamLink.getAttribute('href');
  for (const path of ['/', teamHref ?? '/', '/compare', '/records/deployments', '/collectors', '/admin/users', '/admin/tokens', '/admin/sources', '/admin/audit']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  expect(violations).toEqual([]);
});
