import { expect, test, type Page } from '@playwright/test';
import { addComputer, addPolicy, admin, agreeAndConnect, personId } from '../support/advancedLab';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';
import { startDoubleProcess } from '../support/processes';

/** The browser host's start address for these parameters (the desktop app takes the same as openpsm://start?…). */
const startUrl = (hostUrl: string, params: Record<string, string>) =>
  `${new URL(hostUrl).origin}/start?${new URLSearchParams(params).toString()}`;

async function expectLinkError(page: Page, code: string, words: RegExp) {
  await expect(page.getByRole('heading', { name: 'This start link cannot be used' })).toBeVisible();
  await expect(page.getByTestId('link-error-code')).toHaveText(code);
  await expect(page.getByTestId('link-error-message')).toContainText(words);
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('heading', { name: 'My Resources' })).toBeVisible();
}

test('start links: one waits for the sign-in then shows the terms; missing, malformed, foreign and JIT-less ones get an error page naming the problem; an advanced one opens Advanced Mode pre-filled', async ({
  page,
}) => {
  const double = await startDoubleProcess();
  const env = await startRemoteMode({ OPENPSM_GUACD_PORT: String(double.port) });
  try {
    const erin = await personId(env, 'erin');
    const alice = await personId(env, 'alice');
    const ops = (await admin(env, 'POST', '/api/admin/groups', { name: 'Link operators', members: [erin] }))['id'];
    const lab = await addComputer(env, 'lab-linked');
    const policy = await addPolicy(env, 'Linked lab', [lab], {
      credentialKinds: ['shared', 'jit'],
      accessLevels: [
        { name: 'Operator', groups: [ops] },
        { name: 'Support', groups: [ops] },
      ],
    });
    const base = { TargetPersonGuid: erin, AccessRequestPolicyID: policy, TargetComputerGuid: lab };

    await page.goto(env.host.url);
    await page.goto(startUrl(env.host.url, { ...base, IsAdvanceMode: 'false' }));
    await expect(page.getByText('A start link is waiting')).toBeVisible();
    await signIn(page, 'erin', demoPassword);
    await expect(page.getByRole('heading', { name: 'Terms and conditions: lab-linked' })).toBeVisible();
    // This policy has two levels for erin, so a one-click start must say so.
    await expect(page.getByTestId('terms-error-code')).toHaveText('ACCESS_LEVEL_REQUIRED');
    await page.getByRole('button', { name: 'Decline' }).click();

    await page.goto(
      startUrl(env.host.url, { TargetPersonGuid: erin, AccessRequestPolicyID: policy, IsAdvanceMode: 'false' }),
    );
    await expectLinkError(page, 'INVALID_PARAMETER', /TargetComputerGuid is missing/);
    await page.goto(startUrl(env.host.url, { ...base, TargetComputerGuid: 'lab-linked', IsAdvanceMode: 'false' }));
    await expectLinkError(page, 'INVALID_PARAMETER', /TargetComputerGuid is not a GUID \(got "lab-linked"\)/);
    await page.goto(startUrl(env.host.url, { ...base, IsAdvanceMode: 'yes' }));
    await expectLinkError(page, 'INVALID_PARAMETER', /IsAdvanceMode must be true or false/);
    await page.goto(startUrl(env.host.url, { ...base, TargetPersonGuid: alice, IsAdvanceMode: 'false' }));
    await expectLinkError(page, 'LINK_FOR_ANOTHER_PERSON', /for another person/);
    await page.goto(startUrl(env.host.url, { ...base, IsAdvanceMode: 'true', UseJit: 'true' }));
    await expectLinkError(page, 'JIT_NOT_ENABLED', /lab-linked is not JIT-enabled/);
    await page.goto(startUrl(env.host.url, { ...base, IsAdvanceMode: 'true', AccessLevelId: policy }));
    await expectLinkError(page, 'ACCESS_LEVEL_NOT_ASSIGNED', /AccessLevelId is not an access level assigned/);

    const { groups } = (await (
      await fetch(new URL('/api/resources', env.server.url), {
        headers: { authorization: `Bearer ${await env.token('erin')}` },
      })
    ).json()) as { groups: Array<{ accessLevels: Array<{ id: string; name: string }> }> };
    const support = groups[0]?.accessLevels.find((l) => l.name === 'Support')?.id as string;
    await page.goto(
      startUrl(env.host.url, { ...base, IsAdvanceMode: 'true', CredentialKind: 'shared', AccessLevelId: support }),
    );
    await expect(page.getByRole('heading', { name: 'Advanced Mode: lab-linked' })).toBeVisible();
    await expect(page.getByRole('radio', { name: /Shared credential/ })).toBeChecked();
    await expect(page.getByLabel('Access level')).toHaveValue(support);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText('Access level Support')).toBeVisible();
    await agreeAndConnect(page, 'lab-linked');
  } finally {
    await env.stop();
    await double.stop();
  }
});
