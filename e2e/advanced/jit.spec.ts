import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { errorCatalog } from '@shared/common/errors';
import { labTargets } from '../fixtures/guacd-double/config';
import {
  addComputer,
  addPolicy,
  admin,
  agreeAndConnect,
  auditOf,
  openAdvanced,
  policySection,
} from '../support/advancedLab';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';
import { startDoubleProcess, tempDataDir } from '../support/processes';
import { accountExists, loginAndWhoami, startSshd } from '../support/sshd';

/**
 * JIT accounts against a real sshd on loopback: the control plane creates the account over SSH
 * with its provisioning key, the session logs in with it (the double stands in for guacd and
 * accepts any credential there), and the account is gone once the session ends.
 */
test('a JIT account exists for the session only: its credential logs in to the real sshd during the session and fails after', async ({
  page,
}) => {
  const sshd = await startSshd();
  const dir = tempDataDir();
  const config = path.join(dir, 'double.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      targets: [
        ...labTargets,
        { protocol: 'ssh', hostname: '127.0.0.1', port: sshd.port, password: '', anyCredential: true },
      ],
    }),
  );
  const double = await startDoubleProcess(['--config', config], dir);
  const env = await startRemoteMode({ OPENPSM_GUACD_PORT: String(double.port) });
  const created: string[] = [];
  try {
    const jit = await addComputer(env, 'jit-ssh', { port: sshd.port, jitEnabled: true, sharedSecret: null });
    await admin(env, 'PUT', `/api/admin/computers/${jit}/jit`, {
      port: sshd.port,
      username: 'root',
      secret: sshd.provisioningKey,
      secretKind: 'private-key',
      hostKeySha256: sshd.hostKeySha256,
    });
    const badKey = await addComputer(env, 'jit-wrong-key', { port: sshd.port, jitEnabled: true, sharedSecret: null });
    await admin(env, 'PUT', `/api/admin/computers/${badKey}/jit`, {
      port: sshd.port,
      username: 'root',
      secret: sshd.provisioningKey,
      secretKind: 'private-key',
      hostKeySha256: `SHA256:${'A'.repeat(43)}`,
    });
    const plain = await addComputer(env, 'no-jit-ssh', { sharedSecret: null });
    await addPolicy(env, 'JIT lab', [jit, badKey, plain], { credentialKinds: ['jit'] });

    await page.goto(env.host.url);
    await signIn(page, 'erin', demoPassword);
    await expect(
      policySection(page, 'JIT lab').getByRole('button', { name: 'Connect to jit-ssh', exact: true }),
    ).toBeDisabled();

    // JIT_NOT_ENABLED: the choice is off, and says why.
    await openAdvanced(page, 'JIT lab', 'no-jit-ssh');
    await expect(page.getByRole('radio', { name: /JIT account/ })).toBeDisabled();
    await expect(page.getByText('no-jit-ssh is not JIT-enabled.')).toBeVisible();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByTestId('advanced-error-code')).toHaveText('JIT_NOT_ENABLED');
    await page.getByRole('button', { name: 'Cancel' }).click();

    // JIT_PROVISIONING_FAILED: the provisioning account cannot log in (a host key that is not the pinned one).
    await openAdvanced(page, 'JIT lab', 'jit-wrong-key');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Agree and connect' }).click();
    const failed = page.getByRole('region', { name: 'Session jit-wrong-key' });
    await expect(failed.getByTestId('session-error-code')).toHaveText('JIT_PROVISIONING_FAILED', { timeout: 15_000 });
    // The person gets the catalog's words; what failed on the target is for the log and the audit only.
    await expect(failed.getByTestId('session-error-message')).toHaveText(errorCatalog.JIT_PROVISIONING_FAILED);
    await failed.getByRole('button', { name: 'Close' }).click();

    await openAdvanced(page, 'JIT lab', 'jit-ssh');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByTestId('terms-credential')).toHaveText('A JIT account for this session');
    const tab = await agreeAndConnect(page, 'jit-ssh');
    const connect = double
      .entries()
      .find(
        (e) =>
          (e['received'] as string[] | undefined)?.[0] === 'connect' &&
          (e['received'] as string[]).includes(String(sshd.port)),
      )?.['received'] as string[];
    const username = connect.find((v) => /^psm-[a-z0-9]{10}$/.test(v)) as string;
    created.push(username);
    const password = connect[connect.indexOf(username) + 1] as string;
    expect(await loginAndWhoami(sshd.port, username, password)).toBe(username);

    await tab.getByRole('button', { name: 'End session' }).click();
    await expect.poll(() => accountExists(username), { timeout: 15_000 }).toBe(false);
    await expect(loginAndWhoami(sshd.port, username, password)).rejects.toThrow(/authentication/i);
    const audit = await auditOf(env, 'erin');
    expect(audit).toContain(`jit.create ${username}`);
    expect(audit).toContain(`jit.remove ${username}`);
    expect(audit.some((a) => a.startsWith('jit.create_failed') && a.includes('not the pinned'))).toBe(true);
    expect(
      env.server.stderr.some((line) => line.includes('jit.create_failed') && line.includes('not the pinned')),
    ).toBe(true);
    for (const line of [...env.server.stdout, ...env.server.stderr, ...env.host.stdout, ...env.host.stderr])
      expect(line).not.toContain(password);
  } finally {
    for (const name of created)
      if (accountExists(name)) execFileSync('userdel', ['--remove', name], { stdio: 'ignore' });
    await env.stop();
    await double.stop();
    await sshd.stop();
  }
});
