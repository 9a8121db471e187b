import { expect, test } from '@playwright/test';
import { axeFindings } from '../support/axe';
import { startSession } from '../support/liveLab';
import {
  backToResources,
  openRequests,
  requestAccess,
  review,
  startRequestLab,
  stopRequestLab,
  type RequestLab,
} from '../support/requestLab';

/**
 * Access requests (issue 24), each person in their own app against the control plane and the
 * guacd double: Erin requests Operator on lab-ssh from My Resources; Alice, a reviewer of the
 * policy, decides on her Requests page. The policy is made requestable on its admin screen.
 */

let lab: RequestLab | undefined;
test.afterEach(async () => {
  await stopRequestLab(lab);
  lab = undefined;
});

test('a request approved by a second person lets Erin connect inside the window, with the time left shown', async ({
  browser,
}) => {
  lab = await startRequestLab(browser);
  const { erin, alice } = lab;
  // Erin reviews nothing and has asked for nothing yet: no Requests page.
  await expect(erin.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Requests' })).toHaveCount(0);
  await requestAccess(erin, 30);
  // The palette offers the Requests page too, as the navigation now does.
  await erin.keyboard.press('Control+k');
  const palette = erin.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('combobox').pressSequentially('go to req');
  await expect(palette.getByRole('option')).toHaveText(['Go to RequestsPage']);
  await palette.getByRole('combobox').press('Enter');
  await expect(erin.getByRole('heading', { name: 'Requests', exact: true })).toBeVisible();
  await openRequests(erin);
  expect(await axeFindings(erin)).toEqual([]);
  const mine = erin.getByRole('list', { name: 'My requests' }).getByTestId('access-request');
  await expect(mine.getByTestId('request-state')).toHaveText('Waiting for review');

  await review(alice, 'Approve', 'Go ahead');
  await openRequests(erin);
  await expect(mine.getByTestId('request-state')).toHaveText('Approved');
  expect(await axeFindings(erin)).toEqual([]);
  await expect(mine).toContainText('alice approved: Go ahead');

  await backToResources(erin);
  await expect(erin.getByTestId('access-window')).toHaveText(/Operator approved until .+ \((29|30) min left\)/);
  const tab = await startSession(erin, 'lab-ssh');
  await expect(tab.getByTestId('session-state')).toHaveText('Connected');
  // The Live view's list names the request the session runs under.
  const live = (await lab.lab.api('GET', '/api/live/sessions', 'bob')).body['sessions'];
  expect(live).toEqual([expect.objectContaining({ accessRequest: { reason: 'Patch night', ticketId: 'CHG-42' } })]);
});

test("the session ends at the window's end, with a banner first", async ({ browser }) => {
  // A policy minute lasts 3 s here: an 8-minute request is a 24 s window, and the banner comes 6 s before its end.
  lab = await startRequestLab(browser, {
    OPENPSM_POLICY_MINUTE_SECONDS: '3',
    OPENPSM_SESSION_END_WARNING_SECONDS: '6',
  });
  const { erin, alice } = lab;
  await requestAccess(erin, 8);
  await review(alice, 'Approve', 'Quick one');
  await backToResources(erin);
  const tab = await startSession(erin, 'lab-ssh');
  await expect(tab.getByTestId('session-ends-banner')).toContainText('(end of your access window)', {
    timeout: 24_000,
  });
  await expect(tab.getByTestId('session-error-code')).toHaveText('ACCESS_WINDOW_ENDED', { timeout: 12_000 });
});

test('a denied request gives no access, and Erin reads the reviewer comment', async ({ browser }) => {
  lab = await startRequestLab(browser);
  const { erin, alice } = lab;
  await requestAccess(erin, 30);
  await review(alice, 'Deny', 'Not tonight');
  await openRequests(erin);
  const mine = erin.getByRole('list', { name: 'My requests' }).getByTestId('access-request');
  await expect(mine.getByTestId('request-state')).toHaveText('Denied');
  await expect(mine).toContainText('alice denied: Not tonight');
  await expect(mine.getByRole('button', { name: 'Cancel request' })).toHaveCount(0);
  await backToResources(erin);
  await expect(erin.getByTestId('access-window')).toHaveCount(0);
  await expect(erin.getByRole('row', { name: /lab-ssh/ })).toContainText('needs a grant');
});

test('a reviewer cannot review their own request: it is listed as theirs, without Approve, and not counted', async ({
  browser,
}) => {
  lab = await startRequestLab(browser);
  const { alice } = lab;
  // Alice is in Linux admins too: she may request Operator, and she reviews the policy's requests.
  await requestAccess(alice, 30, 'My own');
  await openRequests(alice);
  const own = alice.getByRole('list', { name: 'To review' }).getByRole('listitem', { name: /^Alice Admin: lab-ssh/ });
  await expect(own.getByTestId('own-request')).toHaveText(
    'Your own request: another reviewer of the policy decides it.',
  );
  await expect(own.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  // The server counts nothing for her to review (she is a reviewer), so the header shows no badge.
  const count = async () => (await lab!.lab.api('GET', '/api/access-requests?scope=review', 'alice')).body;
  expect(await count()).toMatchObject({ reviewer: true, own: 1, toReview: 0 });
  await expect(alice.getByTestId('requests-badge')).toHaveCount(0);
});

test("a reviewer revoking an approved request's grant ends the session running under it", async ({ browser }) => {
  lab = await startRequestLab(browser);
  const { erin, alice } = lab;
  await requestAccess(erin, 30);
  await review(alice, 'Approve', 'Go ahead');
  await backToResources(erin);
  const tab = await startSession(erin, 'lab-ssh');

  // Alice revokes it as the request's reviewer, from her Requests page (managers can also under Grants).
  await openRequests(alice);
  const card = alice
    .getByRole('list', { name: 'To review' })
    .getByRole('listitem', { name: /^Erin Engineer: lab-ssh/ });
  await card.getByRole('button', { name: 'Revoke access' }).click();
  await card.getByRole('group', { name: 'Confirm revoke' }).getByRole('button', { name: 'Revoke now' }).click();
  await expect(card.getByTestId('request-state')).toHaveText('Revoked');
  await expect(tab.getByTestId('session-error-code')).toHaveText('GRANT_REVOKED', { timeout: 10_000 });
});
