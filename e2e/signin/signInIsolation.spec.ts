import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { expect, test, type Page } from '@playwright/test';
import { admin, agreeAndConnect, labSecret, personId } from '../support/advancedLab';
import { demoPassword, openSignInPage, seedRemoteMode, signIn, startRemoteMode } from '../support/controlPlane';
import { startDoubleProcess, startHost, tempDataDir } from '../support/processes';

/** A computer the guacd double serves, in a policy for the given people. */
async function seedSharedLab(env: Awaited<ReturnType<typeof startRemoteMode>>, usernames: string[]): Promise<void> {
  const computer = await admin(env, 'POST', '/api/admin/computers', {
    name: 'lab-shared',
    protocol: 'ssh',
    host: '127.0.0.1',
    port: 2222,
    recording: false,
    liveMonitoring: false,
  });
  await admin(env, 'POST', '/api/admin/credentials', {
    computerId: computer['id'],
    username: 'psmtest',
    secret: labSecret,
  });
  const persons = await Promise.all(usernames.map((u) => personId(env, u)));
  await admin(env, 'POST', '/api/admin/policies', {
    name: 'Shared lab',
    persons,
    computers: [computer['id']],
    credentialKinds: ['shared'],
    terms: 'Lab work only.',
  });
}

async function connectToLab(page: Page) {
  await page
    .getByRole('row', { name: /lab-shared/ })
    .getByRole('button', { name: 'Connect to lab-shared' })
    .click();
  return agreeAndConnect(page, 'lab-shared');
}

/** A loopback listener standing in for a hostile local process: it records every request it gets. */
async function listener(): Promise<{ redirectUri: string; requests: string[]; close(): void }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('got it');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    redirectUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    requests,
    close: () => server.close(),
  };
}

test("a second person's sign-in through the same browser leaves the first signed in, and both sessions keep running", async ({
  page,
  context,
}) => {
  const double = await startDoubleProcess();
  const stops: Array<() => Promise<void>> = [() => double.stop()];
  try {
    // Tokens live 4 s and the gateway checks each session's sign-in every second: a revoked sign-in shows within the wait.
    const env = await startRemoteMode(
      {
        OPENPSM_GUACD_PORT: String(double.port),
        OPENPSM_ACCESS_TOKEN_TTL_SECONDS: '4',
        OPENPSM_GATEWAY_TOKEN_CHECK_SECONDS: '1',
      },
      { OPENPSM_AUTH_REFRESH_SKEW_MS: '2000' },
    );
    stops.unshift(() => env.stop());
    const secondDir = tempDataDir();
    seedRemoteMode(secondDir, env.server.url);
    const second = await startHost({ OPENPSM_AUTH_REFRESH_SKEW_MS: '2000' }, secondDir);
    stops.unshift(() => second.stop());
    await seedSharedLab(env, ['alice', 'bob']);
    await page.goto(env.host.url);
    await signIn(page, 'alice', demoPassword);
    const aliceTab = await connectToLab(page);

    // Bob, on a second app instance, signs in through the same browser (its cookies and all).
    const bobPage = await context.newPage();
    await bobPage.goto(second.url);
    await signIn(bobPage, 'bob', demoPassword);
    await expect(bobPage.getByTestId('signed-in-person')).toContainText('Bob Manager');
    const bobTab = await connectToLab(bobPage);

    // Past two token lifetimes and many sign-in checks, both are signed in and both sessions run.
    await page.waitForTimeout(9000);
    for (const tab of [aliceTab, bobTab]) {
      await expect(tab.getByTestId('session-state')).toHaveText('Connected');
      await expect(tab.getByTestId('session-error-code')).toHaveCount(0);
    }
    await expect(page.getByTestId('signed-in-person')).toContainText('Alice');
    await expect(bobPage.getByTestId('signed-in-person')).toContainText('Bob Manager');
    expect(double.entries().some((e) => e['event'] === 'left')).toBe(false);
  } finally {
    for (const stop of stops) await stop();
  }
});

test('after a sign-in, an authorization request without prompt=login gets no code for another loopback port; with it, the login page shows', async ({
  page,
  context,
}) => {
  const env = await startRemoteMode();
  const hostile = await listener();
  try {
    await page.goto(env.host.url);
    await signIn(page, 'alice', demoPassword);
    const config = await oidc.discovery(new URL(env.server.url), 'openpsm-desktop', undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    const request = async (extra: Record<string, string>) => {
      const verifier = oidc.randomPKCECodeVerifier();
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: hostile.redirectUri,
        scope: 'openid profile offline_access',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: oidc.randomState(),
        ...extra,
      }).href;
    };

    // As a hostile local process would: the browser's remembered provider session must not answer it.
    const silent = await context.newPage();
    await silent.goto(await request({}));
    await silent.waitForLoadState('networkidle');
    expect(hostile.requests.filter((url) => new URL(url, 'http://x').searchParams.has('code'))).toEqual([]);
    await expect(silent.getByRole('heading', { name: 'Sign in to OpenPSM' })).toHaveCount(0);

    const asked = await context.newPage();
    await asked.goto(await request({ prompt: 'login' }));
    await expect(asked.getByRole('heading', { name: 'Sign in to OpenPSM' })).toBeVisible();
    expect(hostile.requests.filter((url) => new URL(url, 'http://x').searchParams.has('code'))).toEqual([]);
    // The desktop's own sign-in still shows the login page each time.
    await page.getByRole('button', { name: 'Sign out' }).click();
    const popup = await openSignInPage(page);
    await expect(popup.getByLabel('Username')).toHaveValue('');
  } finally {
    hostile.close();
    await env.stop();
  }
});
