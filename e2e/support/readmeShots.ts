import path from 'node:path';
import type { Locator, Page } from '@playwright/test';

/** The folder the README's pictures live in: they are taken by the end-to-end tests, never by hand. */
export const docsDir = path.join(import.meta.dirname, '..', '..', 'docs');

/**
 * Takes one of the README's screenshots, as `docs/<name>.png`, from the page or element a test
 * has just checked. Every picture the README shows comes from exactly one call of this in a spec
 * (readmeShots.test.ts holds that), so each picture shows what a passing test saw.
 */
export async function readmeShot(
  target: Page | Locator,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`a README screenshot name is lower-case words and dashes: ${name}`);
  const file = path.join(docsDir, `${name}.png`);
  const shot = { path: file, animations: 'disabled', caret: 'hide' } as const;
  await ('goto' in target
    ? target.screenshot({ ...shot, fullPage: options.fullPage ?? false })
    : target.screenshot(shot));
}
