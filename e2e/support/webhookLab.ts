import { expect, type Browser, type Page } from '@playwright/test';
import { demoPassword, signIn, startAnotherHost } from './controlPlane';
import { ownerPage, startLiveLab, type LiveLab } from './liveLab';
import { openPolicy } from './policiesPage';
import type { Host } from './processes';
import { startWebhookReceiver, type ReceivedCall, type WebhookReceiver, type WebhookReply } from './webhookReceiver';

/** The secret the receiver checks signatures with (test data). */
export const receiverSecret = 'webhook-lab-secret-0001';

/** The live lab whose policy Lab asks a real HTTPS webhook, Alice's app (she set it), and Erin's. */
export interface WebhookLab {
  lab: LiveLab;
  hook: WebhookReceiver;
  alice: Page;
  erin: Page;
  stop(): Promise<void>;
}

/** Alice sets the Lab policy's authorization plugin to Webhook on its screen: the receiver's address, and `secret`. */
async function useWebhook(alice: Page, url: string, secret: string) {
  const form = await openPolicy(alice, 'Lab');
  await form.getByLabel('Ask an authorization question').check();
  await form.getByLabel('Authorization plugin').selectOption('webhook');
  await form.getByLabel('Webhook address (https://)').fill(url);
  await form.getByLabel('Webhook secret').fill(secret);
  await form.getByRole('button', { name: 'Save policy' }).click();
  await expect(form.getByRole('heading', { name: /Edit Lab \(revision 2\)/ })).toBeVisible();
  // The secret is never shown again: the form says one is set.
  await expect(form.getByLabel('Webhook secret')).toHaveValue('');
  await expect(form).toContainText('A secret is set and sealed');
}

/**
 * The webhook receiver (answering as `decide` says), the control plane trusting its certificate,
 * the Lab policy pointed at it through Alice's Policies screen with `policySecret` (the
 * receiver's own by default), then Erin signed in.
 */
export async function startWebhookLab(
  browser: Browser,
  decide: (call: ReceivedCall['body']) => WebhookReply,
  options: { policySecret?: string; serverEnv?: Record<string, string> } = {},
): Promise<WebhookLab> {
  const hook = await startWebhookReceiver(receiverSecret, decide);
  const lab = await startLiveLab({ NODE_EXTRA_CA_CERTS: hook.caFile, ...options.serverEnv });
  const alice = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await alice.goto(lab.managerHost.url);
  await signIn(alice, 'alice', demoPassword);
  await useWebhook(alice, hook.url, options.policySecret ?? receiverSecret);
  const erin = await ownerPage(browser, lab);
  return {
    lab,
    hook,
    alice,
    erin,
    stop: async () => {
      await lab.stop();
      await hook.stop();
    },
  };
}

/** Bob (an access manager) in an app of his own on the same control plane, signed in. */
export async function bobsApp(browser: Browser, lab: LiveLab): Promise<{ bob: Page; host: Host }> {
  const host = await startAnotherHost(lab.env.server.url);
  const bob = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await bob.goto(host.url);
  await signIn(bob, 'bob', demoPassword);
  return { bob, host };
}
