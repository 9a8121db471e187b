import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  demoPassword,
  signInThroughPopup,
  startRemoteMode,
  submitLogin,
  signInTabClosed,
} from '../support/controlPlane';
import { root } from '../support/processes';

test('after too many wrong passwords the login page says when to try again, and npm run server -- unlock lets the person in', async ({
  page,
}) => {
  const env = await startRemoteMode({ OPENPSM_FIRST_BACKOFF_SECONDS: '120' });
  try {
    await page.goto(env.host.url);
    const popup = await signInThroughPopup(page, 'erin', 'not-the-password-1');
    await expect(popup.getByRole('alert')).toHaveText('Wrong username or password.');
    for (let i = 2; i <= 5; i += 1) await submitLogin(popup, 'erin', `not-the-password-${i}`);
    await expect(popup.getByRole('alert')).toHaveText(
      'Wrong username or password. Too many wrong passwords for this account. Try again in 2 minutes.',
    );
    await submitLogin(popup, 'erin', demoPassword);
    await expect(popup.getByRole('alert')).toHaveText(
      /^Too many wrong passwords for this account\. Try again in (2 minutes|\d+ seconds)\.$/,
    );
    await popup.screenshot({ path: 'test-results/sign-in-throttle.png' });

    const said = execFileSync(process.execPath, [path.join(root, 'out/main/server.js'), 'unlock', 'erin'], {
      cwd: root,
      env: { ...process.env, OPENPSM_DATA_DIR: env.server.dataDir },
    }).toString();
    expect(said).toBe('Cleared 1 throttle of erin; it may sign in again now.\n');
    await submitLogin(popup, 'erin', demoPassword);
    await signInTabClosed(popup);
    await expect(page.getByTestId('signed-in-person')).toContainText('Erin Engineer');
  } finally {
    await env.stop();
  }
});
