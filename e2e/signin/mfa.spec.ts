import { expect, test, type Page } from '@playwright/test';
import { stepAt, totpCode } from '@server/secrets/totp';
import { demoPassword, openSignInPage, startRemoteMode, signInTabClosed } from '../support/controlPlane';

/** Opens the login page in a new tab from the app and submits the password (optionally opting in to MFA). */
async function passwordStep(page: Page, username: string, optIn = false): Promise<Page> {
  const popup = await openSignInPage(page);
  await popup.getByLabel('Username').fill(username);
  await popup.getByLabel('Password').fill(demoPassword);
  if (optIn) await popup.getByLabel(/Set up two-step verification/).check();
  await popup.getByRole('button', { name: 'Sign in' }).click();
  return popup;
}

async function enterCode(popup: Page, code: string, button: string) {
  await popup.getByRole('textbox', { name: /code/i }).fill(code);
  await popup.getByRole('button', { name: button }).click();
}

test('TOTP: enrol with a QR code and one valid code, recovery codes once, then sign-in, a wrong code, a replayed code, a recovery code', async ({
  page,
}) => {
  // Four or five sign-ins in a row, after starting a server and a host: past the default minute on a busy machine.
  test.setTimeout(120_000);
  const env = await startRemoteMode();
  try {
    await page.goto(env.host.url);
    let popup = await passwordStep(page, 'erin', true);
    await expect(popup.getByRole('heading', { name: 'Set up two-step verification' })).toBeVisible();
    await expect(popup.getByTestId('totp-qr').locator('svg')).toBeVisible();
    const secret = (await popup.getByTestId('totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const wrong = (at: number) =>
      ['000000', '111111', '222222'].find(
        (c) => ![-1, 0, 1].some((d) => totpCode(secret, stepAt(at) + d) === c),
      ) as string;
    await enterCode(popup, wrong(Date.now()), 'Turn on');
    await expect(popup.getByRole('alert')).toContainText('That code is not right');
    const enrolCode = totpCode(secret, stepAt(Date.now()));
    await enterCode(popup, enrolCode, 'Turn on');
    await expect(popup.getByRole('heading', { name: 'Save your recovery codes' })).toBeVisible();
    const codes = await popup.getByTestId('recovery-codes').locator('code').allTextContents();
    expect(codes).toHaveLength(10);
    await popup.getByRole('button', { name: 'I saved them, continue' }).click();
    await signInTabClosed(popup);
    await expect(page.getByTestId('signed-in-person')).toContainText('Erin Engineer');
    await page.getByRole('button', { name: 'Sign out' }).click();

    // Next sign-in: the code used to enrol cannot be used again, a wrong one is refused, a recovery code works once.
    popup = await passwordStep(page, 'erin');
    await expect(popup.getByRole('heading', { name: 'Two-step verification' })).toBeVisible();
    await enterCode(popup, enrolCode, 'Verify');
    await expect(popup.getByRole('alert')).toContainText('That code was already used');
    await enterCode(popup, wrong(Date.now()), 'Verify');
    await expect(popup.getByRole('alert')).toContainText('That code is not right');
    await enterCode(popup, codes[0] as string, 'Verify');
    await signInTabClosed(popup);
    await expect(page.getByTestId('signed-in-person')).toContainText('Erin Engineer');
    await page.getByRole('button', { name: 'Sign out' }).click();

    popup = await passwordStep(page, 'erin');
    await enterCode(popup, codes[0] as string, 'Verify');
    await expect(popup.getByRole('alert')).toContainText('already used');
    // The next time step's code: inside the clock window, and never used before.
    await enterCode(popup, totpCode(secret, stepAt(Date.now()) + 1), 'Verify');
    await signInTabClosed(popup);
    await expect(page.getByTestId('signed-in-person')).toContainText('Erin Engineer');
  } finally {
    await env.stop();
  }
});

test('a server that requires MFA makes a person without it enrol at sign-in', async ({ page }) => {
  const env = await startRemoteMode();
  try {
    const admin = await env.token('alice');
    const res = await fetch(`${env.server.url}/api/admin/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mfaRequiredForSignIn: true }),
    });
    expect(await res.json()).toMatchObject({ rdpProxyEnabled: true, mfaRequiredForSignIn: true });
    await page.goto(env.host.url);
    const popup = await passwordStep(page, 'bob');
    await expect(popup.getByRole('heading', { name: 'Set up two-step verification' })).toBeVisible();
    await expect(popup.getByText('This server requires a second step at sign-in.')).toBeVisible();
    await expect(page.getByTestId('signed-in-person')).toHaveCount(0);
  } finally {
    await env.stop();
  }
});
