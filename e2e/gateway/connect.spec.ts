import { expect, test, type Page } from '@playwright/test';
import { errorCatalog } from '@shared/common/errors';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';
import { startDoubleProcess, type DoubleProcess } from '../support/processes';
import { litPixels } from '../support/sessionUi';
import { readmeShot } from '../support/readmeShots';

/** The lab account the guacd double accepts (test data, allow-listed in the secret scan). */
const labSecret = 'psmtest-Pass1';

async function adminCall(
  env: Awaited<ReturnType<typeof startRemoteMode>>,
  method: string,
  pathname: string,
  body?: unknown,
) {
  const token = await env.token('alice');
  const res = await fetch(new URL(pathname, env.server.url), {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

/** A computer the double serves, with the lab account as its shared credential, in a recorded policy for erin. */
async function seedLab(env: Awaited<ReturnType<typeof startRemoteMode>>) {
  const persons = (await adminCall(env, 'GET', '/api/admin/persons')) as {
    persons: Array<{ id: string; username: string }>;
  };
  const computer = await adminCall(env, 'POST', '/api/admin/computers', {
    name: 'lab-ssh',
    protocol: 'ssh',
    host: '127.0.0.1',
    port: 2222,
    recording: true,
    liveMonitoring: true,
  });
  await adminCall(env, 'POST', '/api/admin/credentials', {
    computerId: computer['id'],
    username: 'psmtest',
    secret: labSecret,
  });
  await adminCall(env, 'POST', '/api/admin/policies', {
    name: 'Lab',
    persons: [persons.persons.find((p) => p.username === 'erin')?.id],
    computers: [computer['id']],
    credentialKinds: ['shared'],
    terms: 'Use the lab for lab work only.',
  });
}

/** Erin signs in, connects to lab-ssh and agrees to the terms; returns the running session's tab. */
async function labSession(page: Page, env: Awaited<ReturnType<typeof startRemoteMode>>) {
  await seedLab(env);
  await page.goto(env.host.url);
  await signIn(page, 'erin', demoPassword);
  await page
    .getByRole('row', { name: /lab-ssh/ })
    .getByRole('button', { name: 'Connect to lab-ssh' })
    .click();
  await page.getByRole('button', { name: 'Agree and connect' }).click();
  const tab = page.getByRole('region', { name: 'Session lab-ssh' });
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 10_000 });
  return tab;
}

test('Connect: the terms first (Decline starts nothing), then a session through the gateway with the shared credential the desktop never had', async ({
  page,
}) => {
  const double: DoubleProcess = await startDoubleProcess();
  const env = await startRemoteMode({ OPENPSM_GUACD_PORT: String(double.port) });
  const frames: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))),
  );
  try {
    await seedLab(env);
    await page.goto(env.host.url);
    await signIn(page, 'erin', demoPassword);
    const row = page.getByRole('row', { name: /lab-ssh/ });
    // A row where a default Connect is impossible is greyed out, and says why.
    const legacy = page.getByRole('row', { name: /legacy-01/ });
    await expect(legacy.getByRole('button', { name: 'Connect to legacy-01' })).toBeDisabled();
    await expect(legacy.locator('[data-code="NO_SHARED_CREDENTIAL"]')).toContainText(
      'No shared credential for this computer',
    );
    await readmeShot(page, 'connect', { fullPage: true });

    await row.getByRole('button', { name: 'Connect to lab-ssh' }).click();
    await expect(page.getByRole('heading', { name: 'Terms and conditions: lab-ssh' })).toBeVisible();
    await expect(page.getByText('Use the lab for lab work only.')).toBeVisible();
    await expect(page.getByTestId('terms-recorded')).toContainText('This session is recorded');
    await expect(page.getByTestId('terms-live')).toContainText('can watch this session live');
    await readmeShot(page, 'terms');
    await page.getByRole('button', { name: 'Decline' }).click();
    await expect(page.getByRole('heading', { name: 'My Resources' })).toBeVisible();
    expect(double.entries().filter((e) => (e['received'] as string[] | undefined)?.[0] === 'connect')).toHaveLength(0);

    await row.getByRole('button', { name: 'Connect to lab-ssh' }).click();
    await page.getByRole('button', { name: 'Agree and connect' }).click();
    const tab = page.getByRole('region', { name: 'Session lab-ssh' });
    await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 10_000 });
    await expect.poll(() => litPixels(page, 'lab-ssh'), { timeout: 5000 }).toBeGreaterThan(100);
    const connect = double.entries().find((e) => (e['received'] as string[] | undefined)?.[0] === 'connect')?.[
      'received'
    ] as string[];
    expect(connect).toContain(labSecret);
    expect(frames.join('\n')).not.toContain(labSecret);
    for (const line of [...env.host.stdout, ...env.host.stderr, ...env.server.stdout, ...env.server.stderr])
      expect(line).not.toContain(labSecret);

    const audit = (await fetch(new URL('/api/audit', env.server.url), {
      headers: { authorization: `Bearer ${await env.token('carol')}` },
    }).then((r) => r.json())) as { entries: Array<{ actor: string; action: string; target: string; at: string }> };
    const erin = audit.entries
      .filter((e) => e.actor === 'erin' && /^(terms|session)\./.test(e.action))
      .map((e) => `${e.action} ${e.target}`);
    expect(erin).toEqual(['session.start lab-ssh (Lab)', 'terms.accept lab-ssh (Lab)', 'terms.decline lab-ssh (Lab)']);
  } finally {
    await env.stop();
    await double.stop();
  }
});

test('when the sign-in ends on the server, the gateway closes the session: the tab says so and guacd saw the user leave', async ({
  page,
}) => {
  const double: DoubleProcess = await startDoubleProcess();
  const env = await startRemoteMode({
    OPENPSM_GUACD_PORT: String(double.port),
    OPENPSM_GATEWAY_TOKEN_CHECK_SECONDS: '1',
  });
  try {
    const tab = await labSession(page, env);
    const persons = (await adminCall(env, 'GET', '/api/admin/persons')) as {
      persons: Array<{ id: string; username: string }>;
    };
    await adminCall(env, 'POST', `/api/admin/persons/${persons.persons.find((p) => p.username === 'erin')?.id}/revoke`);
    // A revoked sign-in is named as such, not as an expired one.
    await expect(tab.getByTestId('session-error-code')).toHaveText('SIGN_IN_REVOKED', { timeout: 5000 });
    await expect(tab.getByTestId('session-error-message')).toHaveText(errorCatalog.SIGN_IN_REVOKED);
    await expect.poll(() => double.entries().some((e) => e['event'] === 'left'), { timeout: 5000 }).toBe(true);
    // Back in My Resources the app finds the sign-in revoked too, and asks to sign in again.
    await tab.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  } finally {
    await env.stop();
    await double.stop();
  }
});

test('a session outlives its first access token: main forwards each refreshed one to the gateway', async ({ page }) => {
  const double: DoubleProcess = await startDoubleProcess();
  // Tokens live 3 s and main refreshes 2 s before the end: without forwarding the gateway would end the session at 3 s.
  const env = await startRemoteMode(
    { OPENPSM_GUACD_PORT: String(double.port), OPENPSM_ACCESS_TOKEN_TTL_SECONDS: '3' },
    { OPENPSM_AUTH_REFRESH_SKEW_MS: '2000' },
  );
  try {
    const tab = await labSession(page, env);
    await page.waitForTimeout(7000);
    await expect(tab.getByTestId('session-state')).toHaveText('Connected');
    await expect(tab.getByTestId('session-error-code')).toHaveCount(0);
    expect(double.entries().some((e) => e['event'] === 'left')).toBe(false);
  } finally {
    await env.stop();
    await double.stop();
  }
});

test('an RDP row offers no Connect while the RDP proxy is off', async ({ page }) => {
  const env = await startRemoteMode();
  try {
    await adminCall(env, 'PUT', '/api/admin/settings', { rdpProxyEnabled: false });
    await page.goto(env.host.url);
    await signIn(page, 'alice', demoPassword);
    const win = page.getByRole('row', { name: /win-01/ });
    await expect(win).toContainText('RDP is switched off on this server');
    await expect(win.getByRole('button', { name: /Connect/ })).toHaveCount(0);
    // Its neighbour under the same MFA policy is greyed out with the reason instead.
    const kiosk = page.getByRole('row', { name: /kiosk-01/ });
    await expect(kiosk.getByRole('button', { name: 'Connect to kiosk-01' })).toBeDisabled();
    await expect(kiosk).toContainText('use Advanced Mode');
  } finally {
    await env.stop();
  }
});
