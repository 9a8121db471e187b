import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The rule sets checked: WCAG 2.0/2.1 A and AA, and axe's best practices. */
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** The impacts a screen may not have (issue 26 §6: 0 critical, 0 serious, 0 moderate). */
const failing = new Set(['critical', 'serious', 'moderate']);

/** One finding, readable in a test's failure: the rule, how bad, and where. */
export interface AxeFinding {
  rule: string;
  impact: string;
  targets: string[];
  help: string;
  /** axe's reason for the first element, e.g. the contrast it measured and the two colours. */
  why: string;
}

/** Runs axe on the page as it is now and returns its critical, serious and moderate findings. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  // Legacy mode runs axe in the page itself: no extra blank page per run, and half the time.
  const results = await new AxeBuilder({ page }).withTags(tags).setLegacyMode(true).analyze();
  return results.violations
    .filter((v) => failing.has(v.impact ?? ''))
    .map((v) => ({
      rule: v.id,
      impact: v.impact ?? '',
      targets: v.nodes.map((n) => n.target.join(' ')),
      help: v.help,
      why: v.nodes[0]?.failureSummary?.split('\n').slice(1).join(' ').trim() ?? '',
    }));
}

/** One line per finding: `rule (impact): help — targets (why)`. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.rule} (${f.impact}): ${f.help} — ${f.targets.join(', ')} (${f.why})`).join('\n');
}

/**
 * Checks the screen with axe in the light and then the dark colour scheme (the app follows the
 * system's), failing with a readable list of the findings; leaves the page in the light scheme.
 */
export async function expectNoAxeFindings(page: Page, screen: string): Promise<void> {
  await expect.soft(page.locator('h1:visible'), `${screen} has one h1`).toHaveCount(1);
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const findings = await axeFindings(page);
    if (findings.length) found.push(`${screen}, ${colorScheme}:\n${describeFindings(findings)}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect.soft(found.join('\n\n'), `axe findings on ${screen}`).toBe('');
}
