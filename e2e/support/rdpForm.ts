import { expect, type Page } from '@playwright/test';

/** What the Computers form gets for an RDP computer; `read-and-pin` reads the certificate and trusts it. */
export interface RdpComputerFields {
  name: string;
  port: number;
  username: string;
  password: string;
  security?: 'any' | 'nla' | 'tls' | 'rdp';
  certificate: 'verify' | 'ignore' | 'read-and-pin';
}

const checkLabels = {
  verify: "Verify against guacd's trusted certificates",
  ignore: 'Ignore the certificate (insecure)',
};

/**
 * Adds an RDP computer through the direct-mode Computers form, as a person would: its security
 * mode and certificate check, and for `read-and-pin` "Read the certificate", which must show
 * `expectedFingerprint`, then "Trust and pin this certificate". Returns the fingerprint shown.
 */
export async function addRdpComputer(page: Page, c: RdpComputerFields, expectedFingerprint = ''): Promise<string> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Computers' }).click();
  await page.getByRole('button', { name: 'Add a computer' }).click();
  const form = page.getByRole('form', { name: 'Add a computer' });
  await form.getByLabel('Name', { exact: true }).fill(c.name);
  await form.getByLabel('Protocol').selectOption('rdp');
  await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(c.port));
  await form.getByLabel('Username', { exact: true }).fill(c.username);
  await form.getByLabel(/^Password/).fill(c.password);
  await form.getByLabel('Security mode').selectOption(c.security ?? 'any');
  let shown = '';
  if (c.certificate === 'read-and-pin') {
    await form.getByRole('button', { name: 'Read the certificate' }).click();
    const presented = form.getByRole('group', { name: 'Certificate presented' });
    shown = (await presented.getByTestId('certificate-fingerprint').textContent({ timeout: 10_000 })) ?? '';
    expect(shown).toBe(expectedFingerprint);
    await presented.getByRole('button', { name: 'Trust and pin this certificate' }).click();
    await expect(form.getByLabel(/Pinned SHA-256 fingerprints/)).toHaveValue(expectedFingerprint);
  } else {
    await form.getByRole('radio', { name: checkLabels[c.certificate] }).check();
  }
  await form.getByRole('button', { name: 'Save computer' }).click();
  await expect(page.getByRole('row', { name: new RegExp(c.name) })).toBeVisible();
  return shown;
}
