import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';
import { freePort } from '../support/ports';
import { readmeShot } from '../support/readmeShots';
import { startRsyslog, type ThrowawayRsyslog } from '../support/rsyslog';

/**
 * The audit log, as an administrator uses it: filter (actor, action, time), page by cursor,
 * export CSV and JSON lines, read an admin change's fields before and after; and forward it to
 * a real rsyslog, whose downtime loses nothing (the outbox).
 */

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
test.beforeEach(async () => {
  lab = await startRemoteMode();
});
test.afterEach(() => lab.stop());

/** An admin change made through the API (test set-up): turns the RDP proxy on or off. */
async function changeSetting(rdpProxyEnabled: boolean) {
  const res = await fetch(new URL('/api/admin/settings', lab.server.url), {
    method: 'PUT',
    headers: { authorization: `Bearer ${await lab.token('alice')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ rdpProxyEnabled }),
  });
  expect(res.status).toBe(200);
}

/** A datetime-local input's value for `ms` from now, in the browser's (this machine's) local time. */
function localTime(ms: number): string {
  const d = new Date(Date.now() + ms);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

async function openAudit(page: Page) {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  return page.getByRole('region', { name: 'Audit log' });
}

async function filter(page: Page, fields: Record<string, string>) {
  const form = page.getByRole('form', { name: 'Audit filters' });
  for (const [name, value] of Object.entries(fields)) await form.locator(`input[name="${name}"]`).fill(value);
  await form.getByRole('button', { name: 'Filter' }).click();
}

async function downloaded(page: Page, button: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  return fs.readFileSync(await download.path(), 'utf8');
}

test('an administrator filters, pages and exports the audit log, and reads what an admin change changed', async ({
  page,
}) => {
  for (let i = 0; i < 60; i += 1) await changeSetting(i % 2 === 0);
  const audit = await openAudit(page);
  const rows = audit.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');

  await filter(page, { actor: 'alice', action: 'settings.update', from: localTime(-600_000), to: localTime(600_000) });
  await expect(rows).toHaveCount(50);
  await expect(audit.getByText('Page 1')).toBeVisible();
  await audit.getByRole('button', { name: 'Older' }).click();
  await expect(rows).toHaveCount(10);
  await expect(audit.getByRole('button', { name: 'Older' })).toBeDisabled();
  await audit.getByRole('button', { name: 'Newer' }).click();
  await expect(rows).toHaveCount(50);

  const csv = (await downloaded(page, 'Export CSV')).trimEnd().split('\r\n');
  expect(csv[0]).toBe('id,at,actor,action,target,session,changes');
  expect(csv).toHaveLength(61);
  expect(csv.slice(1).every((line) => line.split(',').slice(2, 4).join() === 'alice,settings.update')).toBe(true);
  const jsonl = (await downloaded(page, 'Export JSON lines'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { actor: string; action: string });
  expect(jsonl).toHaveLength(60);
  expect(jsonl.every((e) => e.actor === 'alice' && e.action === 'settings.update')).toBe(true);

  // A time range before anything happened matches nothing.
  await filter(page, { from: '', to: localTime(-3_600_000) });
  await expect(audit.getByText('No entries match.')).toBeVisible();

  // An admin change records each changed field before and after.
  const forwarding = page.getByRole('form', { name: 'Audit forwarding' });
  await forwarding.getByLabel('Host').fill('syslog.example.test');
  await forwarding.getByLabel('Port').fill('5514');
  await forwarding.getByRole('button', { name: 'Save forwarding' }).click();
  await expect(forwarding.getByRole('status')).toHaveText('Saved.');
  await filter(page, { actor: '', action: 'audit.forwarding', to: '' });
  const changed = rows.first().getByRole('list', { name: 'Changed fields' });
  await expect(changed.getByRole('listitem')).toHaveText(['host: (empty) → syslog.example.test', 'port: 6514 → 5514']);
  await readmeShot(page, 'admin-audit', { fullPage: true });
});

test('the audit log reaches a real rsyslog, and what happens while it is down arrives once it is back', async ({
  page,
}) => {
  const syslog: ThrowawayRsyslog = await startRsyslog(await freePort());
  try {
    await openAudit(page);
    const forwarding = page.getByRole('form', { name: 'Audit forwarding' });
    await forwarding.getByLabel('Forward the audit log').check();
    await forwarding.getByLabel('Host').fill('127.0.0.1');
    await forwarding.getByLabel('Port').fill(String(syslog.port));
    await forwarding.getByRole('button', { name: 'Save forwarding' }).click();
    await expect(forwarding.getByRole('status')).toHaveText('Saved.');
    await expect
      .poll(() => syslog.received(), { timeout: 15_000 })
      .toMatch(/openpsm - audit\.forwarding .*actor="alice"/);
    const status = page.getByTestId('forwarding-status');
    await expect(status).toContainText('Queued: 0 · Last error: none');
    await expect(status).not.toContainText('Last delivered: never');

    await syslog.stop();
    // The change, and the API sign-in that makes it, wait in the outbox.
    await changeSetting(false);
    await expect(status).toContainText(/Queued: [1-9]/, { timeout: 15_000 });
    await expect(status).toContainText(/Last error: .*ECONNREFUSED/);
    expect(syslog.received()).not.toMatch(/settings\.update/);

    await syslog.start();
    await expect
      .poll(() => syslog.received(), { timeout: 20_000 })
      .toMatch(/openpsm - settings\.update .*actor="alice"/);
    await expect(status).toContainText('Queued: 0 · Last error: none', { timeout: 15_000 });
  } finally {
    await syslog.remove();
  }
});

test('a bad forwarding form is refused naming each field, keeps what was typed, and changes nothing', async ({
  page,
}) => {
  await openAudit(page);
  const forwarding = page.getByRole('form', { name: 'Audit forwarding' });
  await forwarding.getByLabel('Forward the audit log').check();
  await forwarding.getByLabel('Host').fill('siem host!');
  await forwarding.getByLabel('Port').fill('70000');
  await forwarding.getByLabel(/CA certificate/).fill('not a certificate');
  await forwarding.getByRole('button', { name: 'Save forwarding' }).click();
  await expect(page.getByTestId('forwarding-error')).toContainText('BAD_REQUEST');
  const fieldError = (name: string) => forwarding.locator('label', { has: page.locator(`[name="${name}"]`) });
  await expect(fieldError('host')).toContainText('needs a host name or address');
  await expect(fieldError('port')).toContainText('65535');
  await expect(fieldError('caPem')).toContainText('is not a PEM certificate');
  await expect(forwarding.getByLabel('Host')).toHaveValue('siem host!');
  await expect(forwarding.getByLabel('Port')).toHaveValue('70000');
  await expect(forwarding.getByRole('status')).toHaveCount(0);
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Administration' }).click();
  await expect(
    page.getByRole('form', { name: 'Audit forwarding' }).getByLabel('Forward the audit log'),
  ).not.toBeChecked();
});
