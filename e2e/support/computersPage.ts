import type { Page } from '@playwright/test';

/** Opens Administration → Computers and returns its region. */
export async function openComputers(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Computers' }).click();
  return page.getByRole('region', { name: 'Computers', exact: true });
}
