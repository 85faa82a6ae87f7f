// The demo as a newcomer meets it: the health check reports the database, the demo sign-in lets one
// choose a demo user, and the overview lists the demo organisation's teams. A screenshot of the
// overview is kept in artifacts/screenshots/ for review.
import { expect, test } from '@playwright/test';

test('the health check reports the database as up', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok', database: { up: true } });
});

test('a visitor signs in as the demo admin and sees every team on the overview', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole('heading', { name: 'Demo sign-in' })).toBeVisible();

  await page.getByRole('button', { name: /^Sign in as .*\(admin\)$/ }).first().click();
  await expect(page).not.toHaveURL(/\/signin/);

  const rows = page.getByTestId('overview-table').locator('tbody tr[data-team]');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(8);
  await page.screenshot({ path: 'artifacts/screenshots/overview.png', fullPage: true });
});
