import { expect, test } from '@playwright/test';
import { openComputers } from '../support/computersPage';
import { demoPassword, signIn, startRemoteMode } from '../support/controlPlane';
import { adminCaller } from '../support/groupsPage';
import { readmeShot } from '../support/readmeShots';

/**
 * CSV import on the Computers page, as an administrator does it: a file with three bad lines is
 * refused line by line and nothing is imported; fixed in place, it imports every computer, with
 * its tags, and the list shows them.
 */

let lab: Awaited<ReturnType<typeof startRemoteMode>>;
test.beforeEach(async () => {
  lab = await startRemoteMode();
});
test.afterEach(() => lab.stop());

const api = adminCaller(() => lab);

const header = 'name,protocol,host,port,tags,recording,live_monitoring';
const good = [
  'csv-web-01,ssh,10.20.0.1,,prod;linux,yes,yes',
  '"csv-billing, main",rdp,billing.corp.example,3389,prod;windows,,',
  'csv-kvm-01,vnc,10.20.0.3,,lab,no,no',
];
const bad = ['csv-term-01,ftp,10.20.0.4,,,,', 'csv-web-02,ssh,not a host,,,,', 'csv-web-01,ssh,10.20.0.5,99999,,,'];

test('import a CSV with three bad lines: refused line by line, nothing imported; fixed, every computer is added', async ({
  page,
}) => {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  const computers = await openComputers(page);
  await computers.getByRole('button', { name: 'Import from CSV' }).click();
  const importer = computers.getByRole('form', { name: 'Import computers' });
  await expect(importer.getByRole('button', { name: 'Import' })).toBeDisabled();

  const file = [header, good[0], bad[0], good[1], bad[1], good[2], bad[2]].join('\n');
  await importer
    .getByLabel('CSV file')
    .setInputFiles({ name: 'computers.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  await expect(importer.getByLabel('CSV text')).toHaveValue(file);
  await importer.getByRole('button', { name: 'Import' }).click();
  await expect(importer.getByTestId('import-error')).toHaveText('IMPORT_REFUSED');
  await expect(importer.getByRole('alert').first()).toContainText('Nothing was imported: 3 lines are refused');
  const refused = importer.getByRole('table', { name: 'Refused lines' });
  await expect(refused.getByRole('row')).toHaveCount(4);
  await expect(refused.getByRole('row').nth(1)).toContainText(/3\s*protocol\s*must be ssh, rdp, vnc or telnet/);
  await expect(refused.getByRole('row').nth(2)).toContainText(/5\s*host\s*must be a host name or an IP address/);
  await expect(refused.getByRole('row').nth(3)).toContainText(/7\s*port/);
  await readmeShot(importer, 'admin-computers-import');
  const none = (await api('GET', '/api/admin/computers?search=csv-')) as { computers: unknown[] };
  expect(none.computers).toEqual([]);

  // Fixed in place: the text is kept after the refusal.
  const fixed = [header, ...good, 'csv-term-01,telnet,10.20.0.4,,,,', 'csv-web-02,ssh,10.20.0.2,,,,'].join('\n');
  await importer.getByLabel('CSV text').fill(fixed);
  await importer.getByRole('button', { name: 'Import' }).click();
  await expect(importer.getByTestId('import-result')).toHaveText('Imported 5 computers.');
  await expect(importer.getByRole('table', { name: 'Refused lines' })).toHaveCount(0);
  await computers.getByLabel('Search computers').fill('csv-');
  for (const name of ['csv-web-01', 'csv-billing, main', 'csv-kvm-01', 'csv-term-01', 'csv-web-02'])
    await expect(computers.getByRole('table').getByText(name, { exact: true })).toBeVisible();
  await computers.getByLabel('Tag filter').fill('windows');
  await expect(computers.getByRole('table').getByText('csv-billing, main', { exact: true })).toBeVisible();
  await expect(computers.getByRole('table').getByText('csv-web-01', { exact: true })).toHaveCount(0);
});

test('an empty header or an unknown column is refused naming line 1', async ({ page }) => {
  await page.goto(lab.host.url);
  await signIn(page, 'alice', demoPassword);
  const computers = await openComputers(page);
  await computers.getByRole('button', { name: 'Import from CSV' }).click();
  const importer = computers.getByRole('form', { name: 'Import computers' });
  await importer.getByLabel('CSV text').fill('name,protocol,address\nx,ssh,10.0.0.1\n');
  await importer.getByRole('button', { name: 'Import' }).click();
  const refused = importer.getByRole('table', { name: 'Refused lines' });
  await expect(refused).toContainText('"address" is not a column OpenPSM knows');
  await expect(refused).toContainText('the column "host" is missing');
  await expect(importer.getByLabel('CSV text')).toHaveValue('name,protocol,address\nx,ssh,10.0.0.1\n');
});
