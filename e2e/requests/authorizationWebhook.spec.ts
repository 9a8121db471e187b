import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { agreeAndConnect, expectRefusal, openAdvanced } from '../support/advancedLab';
import { axeFindings } from '../support/axe';
import type { Host } from '../support/processes';
import { bobsApp, receiverSecret, startWebhookLab, type WebhookLab } from '../support/webhookLab';

/**
 * Authorization plugins (issue 24 §2): the Lab policy's plugin is a Webhook, set on Alice's
 * Policies screen; a real HTTPS server acts as the webhook and checks every signature. Erin
 * connects to lab-ssh through Advanced Mode, against the control plane and the guacd double.
 */

let lab: WebhookLab | undefined;
let bobHost: Host | undefined;
test.afterEach(async () => {
  await bobHost?.stop();
  await lab?.stop();
  lab = undefined;
  bobHost = undefined;
});

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();
const continueButton = (page: Page) => page.getByRole('button', { name: 'Continue' });

/** Every file under a folder, as text, for a secret that must not be there in clear. */
function filesText(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name)).toString('latin1'))
    .join('\n');
}

test('an allow with metadata starts the session, and Live and Recordings show and find what the webhook said', async ({
  browser,
}) => {
  const allow = {
    decision: 'allow',
    gateway_user: 'erin@corp.example',
    gateway_groups: ['ops-oncall'],
    ticket_id: 'INC-1001',
    metadata: { change: 'CHG-7731', approver: 'cab' },
  };
  lab = await startWebhookLab(browser, () => ({ json: allow }));
  const { erin, hook } = lab;
  await openAdvanced(erin, 'Lab', 'lab-ssh');
  await expect(erin.getByTestId('advanced-webhook-note')).toContainText('An outside system checks this session');
  await continueButton(erin).click();
  await agreeAndConnect(erin, 'lab-ssh');
  expect(hook.calls).toEqual([
    {
      signed: true,
      body: expect.objectContaining({
        round: 1,
        person: expect.objectContaining({ username: 'erin', groups: expect.any(Array) as unknown }) as unknown,
        computer: expect.objectContaining({ name: 'lab-ssh', host: '127.0.0.1', protocol: 'ssh' }) as unknown,
        policy: expect.objectContaining({ name: 'Lab' }) as unknown,
        client_address: expect.any(String) as unknown,
        answers: {},
      }) as unknown,
    },
  ]);

  const shown =
    'Authorization: Ticket INC-1001 · Gateway user erin@corp.example (ops-oncall) · change: CHG-7731 · approver: cab';
  const app = await bobsApp(browser, lab.lab);
  bobHost = app.host;
  const { bob } = app;
  await nav(bob, 'Live');
  await expect(bob.getByRole('row', { name: /Erin Engineer on lab-ssh/ }).getByTestId('live-authorization')).toHaveText(
    shown,
  );
  await nav(bob, 'Recordings');
  const search = async (text: string) => {
    await bob.getByLabel('Ticket id or metadata').fill(text);
    await bob.getByRole('button', { name: 'Search' }).click();
  };
  await search('chg-7731');
  await expect(bob.getByTestId('recording-authorization')).toHaveText(shown);
  expect(await axeFindings(bob)).toEqual([]);
  await search('CHG-0000');
  await expect(bob.getByTestId('recording-authorization')).toHaveCount(0);
});

test("a deny shows the webhook's message, and no session starts", async ({ browser }) => {
  lab = await startWebhookLab(browser, () => ({
    json: { decision: 'deny', message: 'No change window is open for lab-ssh tonight.' },
  }));
  const { erin } = lab;
  await openAdvanced(erin, 'Lab', 'lab-ssh');
  await continueButton(erin).click();
  await expectRefusal(erin, 'AUTHORIZATION_DENIED', /No change window is open for lab-ssh tonight\./);
  await expect(erin.getByRole('button', { name: 'Agree and connect' })).toHaveCount(0);
  expect(await axeFindings(erin)).toEqual([]);
});

test('two rounds of questions, one secret: the answers go back signed, and the secret one is never logged, audited or stored', async ({
  browser,
}) => {
  const pin = '731904';
  lab = await startWebhookLab(browser, ({ answers }) => {
    if (!answers['change'])
      return { json: { decision: 'ask', questions: [{ key: 'change', prompt: 'Change number' }] } };
    if (!answers['pin'])
      return { json: { decision: 'ask', questions: [{ key: 'pin', prompt: 'Your approval PIN', secret: true }] } };
    return answers['pin'] === pin && answers['change'] === 'CHG-55'
      ? { json: { decision: 'allow', ticket_id: answers['change'] } }
      : { json: { decision: 'deny', message: 'Wrong PIN.' } };
  });
  const { erin, hook } = lab;
  await openAdvanced(erin, 'Lab', 'lab-ssh');
  await continueButton(erin).click();
  const questions = erin.getByRole('group', { name: 'Questions from the authorization check' });
  await questions.getByLabel('Change number').fill('CHG-55');
  expect(await axeFindings(erin)).toEqual([]);
  await continueButton(erin).click();
  const secret = questions.getByLabel('Your approval PIN');
  await expect(secret).toHaveAttribute('type', 'password');
  // The first round's answer stays as typed.
  await expect(questions.getByLabel('Change number')).toHaveValue('CHG-55');
  await secret.fill(pin);
  await continueButton(erin).click();
  await agreeAndConnect(erin, 'lab-ssh');
  expect(hook.calls.map((c) => [c.signed, c.body.round, c.body.answers])).toEqual([
    [true, 1, {}],
    [true, 2, { change: 'CHG-55' }],
    [true, 3, { change: 'CHG-55', pin }],
  ]);

  const { env } = lab.lab;
  const audit = (await lab.lab.api('GET', '/api/audit', 'carol')).body['entries'] as Array<{ target: string }>;
  const choices = audit.map((e) => e.target).filter((t) => t.includes('webhook allowed'));
  expect(choices).toEqual([expect.stringContaining('answers change="CHG-55", pin=(secret)')]);
  const everything = [
    JSON.stringify(audit),
    ...[env.server, env.host, lab.lab.managerHost].flatMap((p) => [...p.stdout, ...p.stderr]),
    filesText(env.server.dataDir),
    filesText(env.host.dataDir),
  ].join('\n');
  expect(everything).not.toContain(pin);
  expect(everything).not.toContain(receiverSecret);
});

test('a webhook slower than the time limit refuses the session with AUTHORIZATION_PLUGIN_FAILED', async ({
  browser,
}) => {
  lab = await startWebhookLab(browser, () => ({ json: { decision: 'allow' }, delayMs: 5000 }), {
    serverEnv: { OPENPSM_AUTHORIZATION_PLUGIN_SECONDS: '1' },
  });
  const { erin, hook } = lab;
  await openAdvanced(erin, 'Lab', 'lab-ssh');
  await continueButton(erin).click();
  await expectRefusal(erin, 'AUTHORIZATION_PLUGIN_FAILED', /did not answer within 1 s/);
  expect(hook.calls).toHaveLength(1);
  await expect(erin.getByRole('button', { name: 'Agree and connect' })).toHaveCount(0);
});

test('a receiver that finds a bad signature answers 401, and the session is refused with AUTHORIZATION_PLUGIN_FAILED', async ({
  browser,
}) => {
  lab = await startWebhookLab(browser, () => ({ json: { decision: 'allow' } }), {
    policySecret: 'not-the-receivers-secret-42',
  });
  const { erin, hook } = lab;
  await openAdvanced(erin, 'Lab', 'lab-ssh');
  await continueButton(erin).click();
  await expectRefusal(erin, 'AUTHORIZATION_PLUGIN_FAILED', /answered HTTP 401/);
  expect(hook.calls.map((c) => c.signed)).toEqual([false]);
});
