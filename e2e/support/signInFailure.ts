import { expect, type Page } from '@playwright/test';
import type { Started } from './processes';

/**
 * A directory or issuer failure on the login page: a generic message with a reference, none of
 * the detail; the server's log has the detail under that reference.
 */
export async function expectReferredFailure(
  popup: Page,
  server: Started,
  service: 'directory' | 'issuer',
  detail: string,
): Promise<void> {
  const alert = popup.getByRole('alert');
  await expect(alert).toContainText(
    service === 'directory'
      ? 'The directory could not complete your sign-in.'
      : 'The identity provider could not complete your sign-in.',
  );
  const reference = /reference: ([0-9A-F]{4}-[0-9A-F]{4})/.exec(await alert.innerText())?.[1];
  expect(reference, 'the page names a reference').toBeDefined();
  expect(await popup.content()).not.toContain(detail);
  await expect
    .poll(() => server.stderr.filter((line) => line.includes(`"reference":"${reference}"`)).join('\n'))
    .toContain(detail);
}
