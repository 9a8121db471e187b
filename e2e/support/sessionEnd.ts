import { expect, type Locator, type Page } from '@playwright/test';
import { errorMessage, type ErrorCode } from '@shared/common/errors';

/**
 * The tab's error page shows `code` with its explanation (never guacd's "Aborted. See logs."),
 * and Close returns to the list, where the computer `name` is. Returns the message shown.
 */
export async function expectEnded(
  page: Page,
  tab: Locator,
  name: string,
  code: ErrorCode,
  withinMs: number,
): Promise<string> {
  await expect(tab.getByTestId('session-error-code')).toHaveText(code, { timeout: withinMs });
  const message = tab.getByTestId('session-error-message');
  await expect(message).toContainText(errorMessage(code));
  await expect(message).not.toContainText('Aborted');
  const shown = (await message.textContent()) ?? '';
  await tab.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toBeVisible();
  return shown;
}
