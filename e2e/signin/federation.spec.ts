import { expect, test, type Page } from '@playwright/test';
import { openSignInPage, startRemoteMode, signInTabClosed } from '../support/controlPlane';
import { expectReferredFailure } from '../support/signInFailure';
import { startUpstreamIssuer, upstreamClient } from '../support/upstreamIssuer';

async function configure(
  env: Awaited<ReturnType<typeof startRemoteMode>>,
  issuerUrl: string,
  extra: Record<string, unknown> = {},
) {
  const admin = await env.token('alice');
  const config = {
    enabled: true,
    name: 'Corp SSO',
    issuerUrl,
    clientId: upstreamClient.id,
    searchClaim: 'email',
    groupsClaim: 'groups',
    groupRoles: [{ group: 'psm-auditors', role: 'auditor' }],
    allowSelfSignedTls: false,
    timeoutMs: 3000,
    ...extra,
  };
  const res = await fetch(`${env.server.url}/api/admin/sign-in/oidc`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ config, clientSecret: upstreamClient.secret }),
  });
  expect(res.status).toBe(200);
  return admin;
}

async function federate(page: Page, username: string | null): Promise<Page> {
  const popup = await openSignInPage(page);
  await popup.getByRole('button', { name: 'Sign in with Corp SSO' }).click();
  if (username !== null) {
    await popup.getByLabel('Corp username').fill(username);
    await popup.getByRole('button', { name: 'Continue to OpenPSM' }).click();
  }
  return popup;
}

test('federation with an external OIDC issuer: sign-in by the search claim, groups to roles, a missing claim, a disabled person, an unverified email, the ID token over userinfo', async ({
  page,
}) => {
  // Four or five sign-ins in a row, after starting a server and a host: past the default minute on a busy machine.
  test.setTimeout(120_000);
  const env = await startRemoteMode();
  const upstream = await startUpstreamIssuer(`${env.server.url}/federation/callback`);
  try {
    const admin = await configure(env, upstream.url);
    await page.goto(env.host.url);
    let popup = await federate(page, 'fiona');
    await signInTabClosed(popup);
    await expect(page.getByTestId('signed-in-person')).toContainText('Fiona Federated');
    await expect(page.getByTestId('signed-in-person')).toContainText('Auditor');
    await page.getByRole('button', { name: 'Sign out' }).click();

    popup = await federate(page, 'no-email');
    await expect(popup.getByRole('alert')).toHaveText(
      'Corp SSO did not send the "email" claim that identifies you in OpenPSM. Ask an administrator to check the federation settings.',
    );
    await popup.close();

    const persons = (await (
      await fetch(`${env.server.url}/api/admin/persons`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as { persons: Array<{ id: string; username: string }> };
    const fiona = persons.persons.find((p) => p.username === 'fiona@corp.test')?.id as string;
    await fetch(`${env.server.url}/api/admin/persons/${fiona}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    });
    await page.getByRole('button', { name: 'Cancel' }).click();
    popup = await federate(page, 'fiona');
    await expect(popup.getByRole('alert')).toHaveText('This account is disabled. Ask an administrator to enable it.');
    await expect(page.getByTestId('signed-in-person')).toHaveCount(0);
    await popup.close();

    // An email the issuer has not verified identifies nobody.
    await page.getByRole('button', { name: 'Cancel' }).click();
    popup = await federate(page, 'ursula');
    await expect(popup.getByRole('alert')).toHaveText(
      'Corp SSO has not verified your email address, so OpenPSM cannot sign you in by it. Verify the address at Corp SSO, or ask an administrator.',
    );
    await popup.close();

    // The ID token's claims win: shadow's userinfo claims Fiona's address, the signed ID token says shadow's own.
    await page.getByRole('button', { name: 'Cancel' }).click();
    popup = await federate(page, 'shadow');
    await signInTabClosed(popup);
    await expect(page.getByTestId('signed-in-person')).toContainText('Sam Shadow');
    await expect(page.getByTestId('signed-in-person')).not.toContainText('Auditor');
  } finally {
    await upstream.close();
    await env.stop();
  }
});

test.describe('TLS of the issuer', () => {
  // The browser is told to accept the test issuer's certificate: what is under test is the server's own refusal.
  test.use({ ignoreHTTPSErrors: true });

  test("an issuer's self-signed certificate is refused unless the setting allows it; an unreachable issuer: each a reference on the page, named in the server log", async ({
    page,
  }) => {
    const env = await startRemoteMode();
    const upstream = await startUpstreamIssuer(`${env.server.url}/federation/callback`, { tls: true });
    try {
      await configure(env, upstream.url);
      await page.goto(env.host.url);
      let popup = await federate(page, null);
      await expectReferredFailure(
        popup,
        env.server,
        'issuer',
        `The identity provider at ${upstream.url} has a certificate this server does not trust`,
      );
      await popup.close();
      await configure(env, upstream.url, { allowSelfSignedTls: true });
      await page.getByRole('button', { name: 'Cancel' }).click();
      popup = await federate(page, 'fiona');
      await signInTabClosed(popup);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await configure(env, 'http://127.0.0.1:9');
      popup = await federate(page, null);
      await expectReferredFailure(
        popup,
        env.server,
        'issuer',
        'The identity provider at http://127.0.0.1:9 did not answer',
      );
    } finally {
      await upstream.close();
      await env.stop();
    }
  });
});
