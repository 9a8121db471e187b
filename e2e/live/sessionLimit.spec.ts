import { expect, test } from '@playwright/test';
import { labSecret, managerPage, ownerPage, startLiveLab, startSession } from '../support/liveLab';

// A policy minute lasts 3 s here: a 4-minute policy ends its sessions after 12 s, and the owner is told 6 s before.
test("the policy's maximum duration: the owner sees when the session ends, then that it ended; the Live view counts down the time left", async ({
  browser,
}) => {
  const lab = await startLiveLab({ OPENPSM_POLICY_MINUTE_SECONDS: '3', OPENPSM_SESSION_END_WARNING_SECONDS: '6' });
  try {
    const persons = (await lab.api('GET', '/api/admin/persons', 'alice')).body['persons'] as Array<{
      id: string;
      username: string;
    }>;
    const computer = await lab.api('POST', '/api/admin/computers', 'alice', {
      name: 'short-ssh',
      protocol: 'ssh',
      host: '127.0.0.1',
      port: 2222,
      liveMonitoring: true,
    });
    await lab.api('POST', '/api/admin/credentials', 'alice', {
      computerId: computer.body['id'],
      username: 'psmtest',
      secret: labSecret,
    });
    await lab.api('POST', '/api/admin/policies', 'alice', {
      name: 'Short',
      terms: 'Four minutes.',
      maxDurationMinutes: 4,
      persons: [persons.find((p) => p.username === 'erin')?.id],
      computers: [computer.body['id']],
      credentialKinds: ['shared'],
    });

    const manager = await managerPage(browser, lab);
    const erin = await ownerPage(browser, lab);
    const tab = await startSession(erin, 'short-ssh');
    // Erin has not been warned yet: the end is more than 6 s away.
    await expect(tab.getByTestId('session-ends-banner')).toHaveCount(0);

    const row = manager.getByRole('row', { name: 'Erin Engineer on short-ssh' });
    await expect(row.getByTestId('live-time-left')).toHaveText(/^0:00:(0\d|1[0-2])$/, { timeout: 12_000 });
    const left = async () => Number((await row.getByTestId('live-time-left').textContent())?.split(':')[2]);
    const first = await left();
    await expect.poll(left, { timeout: 4000 }).toBeLessThan(first);

    await expect(tab.getByTestId('session-ends-banner')).toContainText(/This session ends at .+ \(policy limit\)/, {
      timeout: 12_000,
    });
    await expect(tab.getByTestId('session-error-code')).toHaveText('SESSION_TIME_LIMIT', { timeout: 12_000 });
    await expect(tab.getByTestId('session-error-message')).toContainText('the longest time its access policy allows');
    await expect(manager.getByTestId('live-count')).toHaveText('0 running', { timeout: 12_000 });
    const audit = (await lab.api('GET', '/api/audit', 'carol')).body as {
      entries: Array<{ actor: string; action: string; target: string }>;
    };
    expect(audit.entries.find((e) => e.actor === 'erin' && e.action === 'session.end')?.target).toBe(
      'short-ssh (Short): SESSION_TIME_LIMIT',
    );
  } finally {
    await lab.stop();
  }
});
