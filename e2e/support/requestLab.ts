import { expect, type Browser, type Page } from '@playwright/test';
import { axeFindings } from './axe';
import { demoPassword, signIn } from './controlPlane';
import { ownerPage, startLiveLab, type LiveLab } from './liveLab';
import { openPolicy } from './policiesPage';

/** The live lab, with Alice (an administrator in the reviewers' group) and Erin (who requests), each in their own app. */
export interface RequestLab {
  lab: LiveLab;
  alice: Page;
  erin: Page;
}

/**
 * Alice makes the lab's policy "Lab" take access requests on its Policies screen: an access
 * level Operator that needs approval (carried by Linux admins, so Erin sees it), reviewed by
 * Windows admins (Alice), one approval, a window of at most `maxMinutes`. Alice joins the policy
 * too, so she may request as well.
 */
async function makeRequestable(alice: Page, maxMinutes: number) {
  const form = await openPolicy(alice, 'Lab');
  await form.getByRole('group', { name: 'People' }).getByLabel('Search people').fill('alice');
  await form.getByRole('group', { name: 'People' }).getByLabel('Alice Admin (alice)').check();
  await form.getByRole('button', { name: 'Add an access level' }).click();
  const level = form.getByRole('group', { name: 'Access level 1' });
  await level.getByLabel('Level name').fill('Operator');
  await level.getByLabel('Needs pre-approval').check();
  await level
    .getByRole('group', { name: 'Groups carrying the level' })
    .getByLabel(/Linux admins/)
    .check();
  const requests = form.getByRole('group', { name: 'Access requests' });
  await requests.getByLabel('Take access requests').check();
  await requests
    .getByRole('group', { name: 'Reviewer groups' })
    .getByLabel(/Windows admins/)
    .check();
  await requests.getByLabel('Longest window (minutes)').fill(String(maxMinutes));
  await form.getByRole('button', { name: 'Save policy' }).click();
  await expect(form.getByRole('heading', { name: /Edit Lab \(revision 2\)/ })).toBeVisible();
}

/** The lab, the policy made requestable through its screen, and both people's apps signed in. */
export async function startRequestLab(
  browser: Browser,
  serverEnv: Record<string, string> = {},
  maxMinutes = 60,
): Promise<RequestLab> {
  const lab = await startLiveLab(serverEnv);
  const alice = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await alice.goto(lab.managerHost.url);
  await signIn(alice, 'alice', demoPassword);
  await makeRequestable(alice, maxMinutes);
  return { lab, alice, erin: await ownerPage(browser, lab) };
}

const nav = (page: Page, name: string) =>
  page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();

/** Erin asks for Operator on lab-ssh from My Resources, for `minutes`. */
export async function requestAccess(erin: Page, minutes: number, reason = 'Patch night') {
  await nav(erin, 'Home');
  await nav(erin, 'My Resources');
  const row = erin.getByRole('row', { name: /lab-ssh/ });
  await expect(row).toContainText('needs a grant');
  await row.getByRole('button', { name: 'Request access to lab-ssh' }).click();
  const form = erin.getByRole('form', { name: 'Request access to lab-ssh' });
  await form.getByLabel('Access level').selectOption({ label: 'Operator' });
  await form.getByLabel('Reason').fill(reason);
  await form.getByLabel('Duration (minutes)').fill(String(minutes));
  await form.getByLabel('Ticket id').fill('CHG-42');
  expect(await axeFindings(erin)).toEqual([]);
  await form.getByRole('button', { name: 'Send request' }).click();
  await expect(erin.getByTestId('request-sent')).toContainText('Request sent for lab-ssh');
  // From the first request on, the person has a Requests page.
  await expect(erin.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Requests' })).toBeVisible();
}

/** The person's Requests page, freshly read. */
export async function openRequests(page: Page) {
  await nav(page, 'My Resources');
  await nav(page, 'Requests');
  await expect(page.getByRole('heading', { name: 'Requests', exact: true })).toBeVisible();
}

/** Alice decides Erin's request on her Requests page, with a comment; the badge counted it first. */
export async function review(alice: Page, decision: 'Approve' | 'Deny', comment: string) {
  await openRequests(alice);
  await expect(alice.getByTestId('requests-badge')).toHaveText('1');
  const card = alice
    .getByRole('list', { name: 'To review' })
    .getByRole('listitem', { name: /^Erin Engineer: lab-ssh/ });
  await expect(card).toContainText('Reason: Patch night · Ticket CHG-42');
  await card.getByLabel('Comment').fill(comment);
  await card.getByRole('button', { name: decision }).click();
  await expect(card.getByTestId('request-state')).toHaveText(decision === 'Approve' ? 'Approved' : 'Denied');
  await expect(alice.getByTestId('requests-badge')).toHaveCount(0);
}

/** Erin's app back on My Resources, read again. */
export async function backToResources(erin: Page) {
  await nav(erin, 'Home');
  await nav(erin, 'My Resources');
}

export async function stopRequestLab(lab: RequestLab | undefined) {
  await lab?.lab.stop();
}
