import { expect, test, type Page } from '@playwright/test';
import { startDirectMode, type DoubleProcess } from '../support/processes';
import { addComputer, connect, type ComputerFields } from '../support/sessionUi';

const lab = { username: 'psmtest', password: 'psmtest-Pass1' };

interface Case {
  cause: string;
  doubleArgs?: string[];
  computer: ComputerFields;
  /** Breaks the double once the session runs. */
  then?: (double: DoubleProcess) => void;
  code: string;
  withinMs: number;
}

const cases: Case[] = [
  {
    cause: 'a wrong password',
    computer: { name: 'bad-pw', port: 2222, ...lab, password: 'wrong-Pass9' },
    code: 'TARGET_AUTH_FAILED',
    withinMs: 4500,
  },
  {
    cause: 'a closed port',
    computer: { name: 'closed', port: 2299, ...lab },
    code: 'TARGET_UNREACHABLE',
    withinMs: 2000,
  },
  {
    cause: 'an unknown protocol',
    doubleArgs: ['--unsupported', 'telnet'],
    computer: { name: 'no-telnet', protocol: 'telnet', port: 2323, ...lab },
    code: 'GUACD_NO_ANSWER',
    withinMs: 6000,
  },
  {
    cause: 'a wrong value count',
    doubleArgs: ['--miscount', 'true'],
    computer: { name: 'miscount', port: 2222, ...lab },
    code: 'GUACD_REJECTED',
    withinMs: 16_000,
  },
  {
    cause: 'a frozen guacd (SIGSTOP)',
    computer: { name: 'frozen', port: 2222, ...lab },
    then: (d) => d.child.kill('SIGSTOP'),
    code: 'GUACD_SILENT',
    withinMs: 16_000,
  },
  {
    cause: 'a killed guacd',
    computer: { name: 'killed', port: 2222, ...lab },
    then: (d) => d.child.kill('SIGKILL'),
    code: 'GUACD_CLOSED',
    withinMs: 2000,
  },
];

async function expectErrorPage(page: Page, name: string, code: string, since: number, withinMs: number): Promise<void> {
  const tab = page.getByRole('region', { name: `Session ${name}` });
  await expect(tab.getByTestId('session-error-code')).toHaveText(code, { timeout: withinMs + 2000 });
  expect(Date.now() - since).toBeLessThanOrEqual(withinMs);
  // guacd's "Aborted. See logs." is explained, never echoed.
  await expect(tab.getByTestId('session-error-message')).not.toContainText('Aborted');
  await tab.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('table', { name: 'Computers' })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toBeVisible();
}

for (const c of cases) {
  test(`${c.cause} shows an error page within ${c.withinMs / 1000} s, and Close returns to the list`, async ({
    page,
  }) => {
    test.setTimeout(40_000);
    const { double, host, stop } = await startDirectMode(c.doubleArgs);
    try {
      await page.goto(host.url);
      await addComputer(page, c.computer);
      let since = Date.now();
      const tab = await connect(page, c.computer.name);
      if (c.then) {
        await expect(tab.getByTestId('session-state')).toHaveText('Connected');
        c.then(double);
        since = Date.now();
      }
      await expectErrorPage(page, c.computer.name, c.code, since, c.withinMs);
    } finally {
      await stop();
    }
  });
}
