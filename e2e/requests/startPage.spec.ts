import { expect, test, type Page } from '@playwright/test';
import { axeFindings } from '../support/axe';
import { demoPassword, startRemoteMode, submitLogin } from '../support/controlPlane';
import { apiCall, personId, type RemoteEnv } from '../support/advancedLab';

/**
 * The web hand-off (issue 24 §3): an IAM shop sends a person to the control plane's
 * `/start?…` in a plain browser. The page signs them in there and offers the desktop app's
 * `openpsm://start?…`; it never starts a session itself.
 */

let env: RemoteEnv;
test.beforeEach(async () => {
  env = await startRemoteMode();
});
test.afterEach(async () => {
  await env.stop();
});

/** The first policy and computer the demo gives `username`, as an IAM shop would read them. */
async function firstResource(username: string) {
  const res = await fetch(new URL('/api/resources', env.server.url), {
    headers: { authorization: `Bearer ${await env.token(username)}` },
  });
  const { groups } = (await res.json()) as {
    groups: Array<{ policyId: string; policyName: string; computers: Array<{ computerId: string; name: string }> }>;
  };
  const group = groups[0]!;
  return { policyId: group.policyId, policyName: group.policyName, computer: group.computers[0]! };
}

const startUrl = (query: string) => `${env.server.url}/start?${query}`;

async function expectRefused(page: Page, code: string, words: RegExp) {
  await expect(page.getByRole('heading', { name: 'This start link cannot be used' })).toBeVisible();
  await expect(page.getByTestId('link-error-code')).toHaveText(code);
  await expect(page.getByTestId('link-error-message')).toContainText(words);
}

test('/start in a plain browser: sign-in there, then Open in OpenPSM with the openpsm:// link; the callback works once', async ({
  page,
}) => {
  const erin = await personId(env, 'erin');
  const { policyId, policyName, computer } = await firstResource('erin');
  // Names in any case, a GUID in braces and capitals: as the seed's links come.
  await page.goto(
    startUrl(
      `targetpersonguid={${erin.toUpperCase()}}&AccessRequestPolicyId=${policyId}&TARGETCOMPUTERGUID=${computer.computerId}&IsAdvanceMode=False`,
    ),
  );
  await expect(page.getByRole('heading', { name: 'Sign in to OpenPSM' })).toBeVisible();
  await submitLogin(page, 'erin', demoPassword);

  await expect(page.getByRole('heading', { name: 'Open in OpenPSM' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(`connects you to ${computer.name} under the policy ${policyName}`);
  await expect(page.getByRole('main')).toContainText('nothing starts until you agree there');
  await expect(page.getByRole('link', { name: 'Open in OpenPSM' })).toHaveAttribute(
    'href',
    `openpsm://start?TargetPersonGuid=${erin.toLowerCase()}&AccessRequestPolicyID=${policyId}&TargetComputerGuid=${computer.computerId}&IsAdvanceMode=false`,
  );
  await expect(page.getByRole('heading', { name: 'Nothing happened?' })).toBeVisible();
  expect(await axeFindings(page)).toEqual([]);

  // The sign-in note (its cookie) is spent with the hand-off: the same callback again is refused.
  await page.reload();
  await expectRefused(page, 'SIGN_IN_FAILED', /unknown or has expired/);
  // Nothing started: no live session on the server.
  const live = await apiCall(env, 'bob', 'GET', '/api/live/sessions');
  expect(live.body['sessions']).toEqual([]);
});

test('/start with a bad GUID names the parameter, before any sign-in', async ({ page }) => {
  const erin = await personId(env, 'erin');
  const { policyId } = await firstResource('erin');
  await page.goto(
    startUrl(
      `TargetPersonGuid=${erin}&AccessRequestPolicyID=${policyId}&TargetComputerGuid=web-01&IsAdvanceMode=false`,
    ),
  );
  await expectRefused(page, 'INVALID_PARAMETER', /TargetComputerGuid is not a GUID \(got "web-01"\)/);
  await page.goto(startUrl(`TargetPersonGuid=${erin}&AccessRequestPolicyID=${policyId}&IsAdvanceMode=false`));
  await expectRefused(page, 'INVALID_PARAMETER', /TargetComputerGuid is missing/);
  await expect(page.getByRole('heading', { name: 'Sign in to OpenPSM' })).toHaveCount(0);
});

test('/start with a link for another person is refused after the sign-in, and offers to sign in as that person', async ({
  page,
}) => {
  const alice = await personId(env, 'alice');
  const { policyId, computer } = await firstResource('erin');
  await page.goto(
    startUrl(
      `TargetPersonGuid=${alice}&AccessRequestPolicyID=${policyId}&TargetComputerGuid=${computer.computerId}&IsAdvanceMode=true`,
    ),
  );
  await submitLogin(page, 'erin', demoPassword);
  await expectRefused(page, 'LINK_FOR_ANOTHER_PERSON', /for another person/);
  await expect(page.getByRole('link', { name: 'Open in OpenPSM' })).toHaveCount(0);

  // The browser is still signed in as erin; "Sign in as another person" shows the login page anyway.
  await page.getByRole('link', { name: 'Sign in as another person' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to OpenPSM' })).toBeVisible();
  await submitLogin(page, 'alice', demoPassword);
  // alice is in the same Linux group: the link is hers, for Advanced Mode.
  await expect(page.getByRole('link', { name: 'Open in OpenPSM' })).toHaveAttribute(
    'href',
    `openpsm://start?TargetPersonGuid=${alice}&AccessRequestPolicyID=${policyId}&TargetComputerGuid=${computer.computerId}&IsAdvanceMode=true`,
  );
  await expect(page.getByRole('main')).toContainText('in Advanced Mode');
});
