import { expect, type Page } from '@playwright/test';

/** Creates the vault on the Vault page (the "Create your master password" banner shows on Home and Vault only). */
export async function createVault(page: Page, password: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Vault' }).click();
  await expect(page.getByRole('heading', { name: 'Create your master password' })).toBeVisible();
  await page.getByLabel('Master password (at least 12 characters)').fill(password);
  await page.getByLabel('Master password again').fill(password);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('heading', { name: 'Personal credentials' })).toBeVisible();
}

/** Adds a password credential in the open vault, for a computer when named. */
export async function addCredential(
  page: Page,
  name: string,
  secret: string,
  computer?: string,
  username = 'ops',
): Promise<void> {
  await page.getByRole('button', { name: 'Add credential' }).click();
  const form = page.getByRole('form', { name: 'New personal credential' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Password', { exact: true }).fill(secret);
  if (computer) await form.getByRole('checkbox', { name: computer }).check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('credential-row').filter({ hasText: name })).toBeVisible();
}

export async function unlock(page: Page, password: string): Promise<void> {
  await page.getByLabel('Master password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
}
