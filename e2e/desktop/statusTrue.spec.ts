import { expect, test } from '@playwright/test';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';
import { freePort } from '../support/ports';
import { startControlPlane } from '../support/processes';

/** The window the header and Home have to follow the control plane in (issue 26: 5 s). */
const window = 5000;

test('the header and Home say the control plane is gone within 5 s of it being killed, and ready again once it is back', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // No guacd where this control plane looks for it: `npm run server` says so when it starts.
  const lab = await startRemoteMode({ OPENPSM_GUACD_PORT: String(await freePort()) });
  let server = lab.server;
  try {
    expect(lab.server.stdout.join('\n')).toMatch(
      /guacd does not answer at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Sessions need it: start guacd/,
    );
    await page.goto(lab.host.url);
    const badge = page.getByTestId('backend-badge');
    await expect(badge).toHaveText('Ready');
    await signIn(page, 'erin', demoPassword);
    await expect(page.getByTestId('signed-in-person')).toContainText('Erin Engineer');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home', exact: true }).click();
    await expect(page.getByTestId('backend-status')).toHaveText('Remote control plane · Ready');

    server.child.kill('SIGKILL');
    const killedAt = Date.now();
    await expect(badge).toHaveText('Unreachable', { timeout: window });
    await expect(page.getByTestId('backend-status')).toHaveText('Remote control plane · Unreachable', {
      timeout: window - (Date.now() - killedAt),
    });
    await expect(page.getByTestId('backend-detail')).toContainText(
      `The control plane at ${lab.server.url} does not answer`,
    );
    await expect(page.locator('.status-ready')).toHaveCount(0);

    // The same server comes back on its port: Ready again within the window, and the sign-in with it.
    const port = new URL(lab.server.url).port;
    server = await startControlPlane({ OPENPSM_PORT: port }, lab.server.dataDir);
    const backAt = Date.now();
    await expect(badge).toHaveText('Ready', { timeout: window });
    expect(Date.now() - backAt).toBeLessThan(window);
    await expect(page.getByTestId('backend-status')).toHaveText('Remote control plane · Ready');
    await expect(page.getByTestId('signed-in-person')).toContainText('Erin Engineer');
  } finally {
    await lab.host.stop();
    await server.stop();
  }
});
