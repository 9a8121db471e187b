import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { stepAt, totpCode } from '@server/secrets/totp';
import {
  addComputer,
  addPolicy,
  admin,
  agreeAndConnect,
  apiCall,
  auditOf,
  expectRefusal,
  labSecret,
  openAdvanced,
  personId,
  policySection,
} from '../support/advancedLab';
import { demoPassword, openSignInPage, signIn, startRemoteMode, signInTabClosed } from '../support/controlPlane';
import { startDoubleProcess, type DoubleProcess } from '../support/processes';
import { addCredential, createVault, unlock } from '../support/vaultUi';
import { readmeShot } from '../support/readmeShots';

/** Test data, allow-listed in the secret scan. */
const master = 'e2e-Advanced-Harbor-Quill-58';

const connectValues = (double: DoubleProcess) =>
  double
    .entries()
    .filter((e) => (e['received'] as string[] | undefined)?.[0] === 'connect')
    .map((e) => e['received'] as string[]);

async function labEnv() {
  const double = await startDoubleProcess();
  const env = await startRemoteMode({ OPENPSM_GUACD_PORT: String(double.port) });
  return {
    double,
    env,
    stop: async () => {
      await env.stop();
      await double.stop();
    },
  };
}

test('a personal credential: locked vault leads to Unlock, NO_PERSONAL_CREDENTIAL is decided by the app, and the double gets the secret no renderer frame, log or database held', async ({
  page,
}) => {
  const { double, env, stop } = await labEnv();
  const frames: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))),
  );
  try {
    const lab = await addComputer(env, 'lab-personal', { sharedSecret: null });
    await addPolicy(env, 'Personal lab', [lab], { credentialKinds: ['personal'] });
    await page.goto(env.host.url);
    await signIn(page, 'erin', demoPassword);
    await expect(
      policySection(page, 'Personal lab').getByRole('button', { name: 'Connect to lab-personal' }),
    ).toBeDisabled();

    await openAdvanced(page, 'Personal lab', 'lab-personal');
    await expect(page.getByText('You have no vault yet')).toBeVisible();
    await createVault(page, master);
    // Back in My Resources, Advanced Mode is where it was left.
    await page.getByRole('button', { name: 'My Resources', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Advanced Mode: lab-personal' })).toBeVisible();
    await expect(page.locator('[data-code="NO_PERSONAL_CREDENTIAL"]')).toBeVisible();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectRefusal(page, 'NO_PERSONAL_CREDENTIAL', /no personal credential for this computer/);

    await page.getByRole('button', { name: 'Vault', exact: true }).click();
    await addCredential(page, 'lab personal', labSecret, 'lab-personal', 'psmtest');
    await page.getByRole('button', { name: 'Lock vault' }).click();
    await page.getByRole('button', { name: 'My Resources', exact: true }).click();
    await expect(page.getByText('Unlock your vault first')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Continue' })).toBeDisabled();
    await unlock(page, master);
    await expect(page.getByLabel('Personal credential')).toHaveValue(/.+/);
    await expect(page.getByLabel('Personal credential').locator('option')).toHaveText(['lab personal (psmtest)']);
    await readmeShot(page, 'advanced-personal', { fullPage: true });
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByTestId('terms-credential')).toHaveText('Your personal credential');
    await agreeAndConnect(page, 'lab-personal');

    const [values] = connectValues(double);
    expect(values).toEqual(expect.arrayContaining(['psmtest', labSecret]));
    expect(frames.join('\n')).not.toContain(labSecret);
    for (const line of [...env.host.stdout, ...env.host.stderr, ...env.server.stdout, ...env.server.stderr])
      expect(line).not.toContain(labSecret);
    for (const file of fs.readdirSync(env.server.dataDir).filter((f) => f.startsWith('openpsm.db')))
      expect(fs.readFileSync(path.join(env.server.dataDir, file)).includes(labSecret)).toBe(false);
    expect(await auditOf(env, 'erin')).toContain('session.choices lab-personal (Personal lab): credential personal');
  } finally {
    await stop();
  }
});

test('access levels: only the levels of my groups are offered; not approved, then approved by an access manager; none assigned', async ({
  page,
}) => {
  const { env, stop } = await labEnv();
  try {
    const erin = await personId(env, 'erin');
    const ops = (await admin(env, 'POST', '/api/admin/groups', { name: 'Lab operators', members: [erin] }))['id'];
    const night = (await admin(env, 'POST', '/api/admin/groups', { name: 'Night shift', members: [] }))['id'];
    const lab = await addComputer(env, 'lab-levels');
    await addPolicy(env, 'Levelled lab', [lab], {
      accessLevels: [
        { name: 'Operator', groups: [ops] },
        { name: 'Root', preApproval: true, groups: [ops] },
        { name: 'Night', groups: [night] },
      ],
    });
    const other = await addComputer(env, 'lab-unassigned');
    await addPolicy(env, 'Unassigned lab', [other], { accessLevels: [{ name: 'Night', groups: [night] }] });
    await page.goto(env.host.url);
    await signIn(page, 'erin', demoPassword);
    await expect(policySection(page, 'Levelled lab').locator('[data-code="ACCESS_LEVEL_REQUIRED"]')).toContainText(
      'more than one access level',
    );
    await expect(
      policySection(page, 'Unassigned lab').locator('[data-code="ACCESS_LEVEL_NOT_ASSIGNED"]'),
    ).toBeVisible();

    await openAdvanced(page, 'Levelled lab', 'lab-levels');
    await expect(page.getByLabel('Access level').locator('option')).toHaveText([
      'Operator',
      'Root (needs pre-approval — not approved)',
    ]);
    await page.getByLabel('Access level').selectOption({ label: 'Root (needs pre-approval — not approved)' });
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectRefusal(page, 'ACCESS_LEVEL_NOT_APPROVED', /Root needs pre-approval/);

    const { groups } = (await apiCall(env, 'erin', 'GET', '/api/resources')).body as {
      groups: Array<{ policyName: string; accessLevels: Array<{ id: string; name: string }> }>;
    };
    const root = groups.find((g) => g.policyName === 'Levelled lab')?.accessLevels.find((l) => l.name === 'Root')?.id;
    expect(
      (await apiCall(env, 'erin', 'POST', `/api/admin/access-levels/${root}/approvals`, { personId: erin })).status,
    ).toBe(403);
    expect(
      (await apiCall(env, 'bob', 'POST', `/api/admin/access-levels/${root}/approvals`, { personId: erin })).status,
    ).toBe(201);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await openAdvanced(page, 'Levelled lab', 'lab-levels');
    await page.getByLabel('Access level').selectOption({ label: 'Root (pre-approved)' });
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText('Access level Root')).toBeVisible();
    await agreeAndConnect(page, 'lab-levels');
    expect(await auditOf(env, 'erin')).toContain(
      'session.choices lab-levels (Levelled lab): credential shared; access level Root',
    );
    expect(await auditOf(env, 'bob')).toContain('grant.create Root on Levelled lab for erin');

    await page.getByRole('button', { name: 'My Resources', exact: true }).click();
    await openAdvanced(page, 'Unassigned lab', 'lab-unassigned');
    await expect(page.locator('[data-code="ACCESS_LEVEL_NOT_ASSIGNED"]')).toBeVisible();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectRefusal(page, 'ACCESS_LEVEL_NOT_ASSIGNED', /none is assigned to your groups/);
  } finally {
    await stop();
  }
});

test('MFA required: not enrolled is refused; after enrolling, a wrong code is refused and the right one starts the session', async ({
  page,
}) => {
  const { env, stop } = await labEnv();
  try {
    const lab = await addComputer(env, 'lab-mfa');
    await addPolicy(env, 'MFA lab', [lab], { mfaRequired: true });
    await page.goto(env.host.url);
    await signIn(page, 'erin', demoPassword);
    await openAdvanced(page, 'MFA lab', 'lab-mfa');
    await expect(page.locator('[data-code="MFA_NOT_ENROLLED"]')).toBeVisible();
    await page.getByLabel('MFA code').fill('123456');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectRefusal(page, 'MFA_NOT_ENROLLED', /no authenticator enrolled/);

    // Enrol at the next sign-in (opting in on the login page).
    await page.getByRole('button', { name: 'Sign out' }).click();
    const popup = await openSignInPage(page);
    await popup.getByLabel('Username').fill('erin');
    await popup.getByLabel('Password').fill(demoPassword);
    await popup.getByLabel(/Set up two-step verification/).check();
    await popup.getByRole('button', { name: 'Sign in' }).click();
    const secret = (await popup.getByTestId('totp-secret').textContent()) ?? '';
    await popup.getByRole('textbox', { name: /code/i }).fill(totpCode(secret, stepAt(Date.now())));
    await popup.getByRole('button', { name: 'Turn on' }).click();
    await popup.getByRole('button', { name: 'I saved them, continue' }).click();
    await signInTabClosed(popup);

    await openAdvanced(page, 'MFA lab', 'lab-mfa');
    const wrong = ['000000', '111111', '222222'].find(
      (c) => ![-1, 0, 1, 2].some((d) => totpCode(secret, stepAt(Date.now()) + d) === c),
    ) as string;
    await page.getByLabel('MFA code').fill(wrong);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectRefusal(page, 'MFA_INVALID', /wrong or was already used/);
    // What was typed stays; the next step's code is inside the window and never used.
    await expect(page.getByLabel('MFA code')).toHaveValue(wrong);
    await page.getByLabel('MFA code').fill(totpCode(secret, stepAt(Date.now()) + 1));
    await page.getByRole('button', { name: 'Continue' }).click();
    await agreeAndConnect(page, 'lab-mfa');
    const audit = await auditOf(env, 'erin');
    expect(audit).toContain('session.choices lab-mfa (MFA lab): credential shared; MFA verified');
    expect(audit).toContain('session.mfa_failed lab-mfa (MFA lab)');
  } finally {
    await stop();
  }
});

test('the authorization hook asks for a ticket id: none and a malformed one are refused, a valid one is kept in the audit log; NO_SHARED_CREDENTIAL', async ({
  page,
}) => {
  const { env, stop } = await labEnv();
  try {
    const lab = await addComputer(env, 'lab-hook');
    const bare = await addComputer(env, 'lab-bare', { sharedSecret: null });
    await addPolicy(env, 'Ticketed lab', [lab, bare], {
      authorization: { asks: 'ticket-id', prompt: 'The change ticket, e.g. INC-1234.', pattern: 'INC-[0-9]+' },
    });
    await page.goto(env.host.url);
    await signIn(page, 'erin', demoPassword);
    await expect(
      policySection(page, 'Ticketed lab').getByRole('button', { name: 'Connect to lab-hook' }),
    ).toBeDisabled();

    await openAdvanced(page, 'Ticketed lab', 'lab-bare');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectRefusal(page, 'NO_SHARED_CREDENTIAL', /no shared credential/);
    // The header's My Resources leaves Advanced Mode for the list, as Cancel does.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'My Resources' }).click();
    await expect(page.getByRole('heading', { name: 'My Resources', level: 1 })).toBeVisible();

    await openAdvanced(page, 'Ticketed lab', 'lab-hook');
    await expect(page.getByText('The change ticket, e.g. INC-1234.')).toBeVisible();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectRefusal(page, 'AUTHORIZATION_REQUIRED', /asks for a ticket id/);
    await page.getByLabel('Ticket id').fill('please');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expectRefusal(page, 'AUTHORIZATION_DENIED', /was not accepted/);
    await page.getByLabel('Ticket id').fill('INC-4711');
    await readmeShot(page, 'advanced-mode', { fullPage: true });
    await page.getByRole('button', { name: 'Continue' }).click();
    await agreeAndConnect(page, 'lab-hook');
    expect(await auditOf(env, 'erin')).toContain(
      'session.choices lab-hook (Ticketed lab): credential shared; ticket id "INC-4711"',
    );
  } finally {
    await stop();
  }
});
