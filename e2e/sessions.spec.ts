import { expect, test } from '@playwright/test';
import { addComputer, connect, litPixels } from './support/sessionUi';
import { seedDirectMode, startDoubleProcess, startHost, tempDataDir, type DoubleProcess, type Host } from './support/processes';

const lab = { username: 'psmtest', password: 'psmtest-Pass1' };
let double: DoubleProcess;
let host: Host;

test.beforeEach(async () => {
  double = await startDoubleProcess();
  const dataDir = tempDataDir();
  seedDirectMode(dataDir, double.port);
  host = await startHost({}, dataDir);
});
test.afterEach(async () => {
  await host.stop();
  await double.stop();
});

const keyEffects = () => double.entries().filter((e) => e['effect'] === 'key' && e['pressed'] === true).map((e) => e['keysym']);

test('a session shows real pixels and typed text reaches guacd as keysyms', async ({ page }) => {
  await page.goto(host.url);
  await addComputer(page, { name: 'lab-ssh', port: 2222, ...lab });
  const tab = await connect(page, 'lab-ssh');
  await expect(tab.getByTestId('session-state')).toHaveText('Connected');
  await expect.poll(() => litPixels(page, 'lab-ssh'), { timeout: 5000 }).toBeGreaterThan(100);
  await tab.getByTestId('session-screen').click();
  await page.keyboard.type('ls -la');
  await page.keyboard.press('Enter');
  await expect.poll(keyEffects).toEqual([108, 115, 32, 45, 108, 97, 65293]);
  await page.screenshot({ path: 'test-results/session.png' });
});
