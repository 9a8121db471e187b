import { expect, test } from '@playwright/test';
import { litPixels } from '../support/sessionUi';
import { doubleUsers, labSecret, managerPage, ownerPage, startLiveLab, startSession } from '../support/liveLab';
import { readmeShot } from '../support/readmeShots';

test('two sessions appear live without a refresh; a manager watches one read-only (its input never reaches guacd), the owner sees the banner, and the owner leaving closes every view and connection', async ({
  browser,
}) => {
  const lab = await startLiveLab();
  try {
    const manager = await managerPage(browser, lab);
    await expect(manager.getByTestId('live-count')).toHaveText('0 running');
    const erin = await ownerPage(browser, lab);
    const first = await startSession(erin, 'lab-ssh');
    await startSession(erin, 'gdpr-ssh');
    // The list follows the server: no reload, no click.
    await expect(manager.getByTestId('live-count')).toHaveText('2 running', { timeout: 12_000 });
    const row = manager.getByRole('row', { name: 'Erin Engineer on lab-ssh' });
    await expect(row).toContainText('SSH');
    await expect(row).toContainText('Recorded');
    await expect(row.getByTestId('live-duration')).toHaveText(/^0:00:0\d$/);

    // The grid: a live, scaled thumbnail of every watchable session (not the one with monitoring off).
    await startSession(erin, 'lab-vnc');
    await startSession(erin, 'lab-rdp');
    await expect(manager.getByTestId('live-count')).toHaveText('4 running', { timeout: 12_000 });
    await manager.getByRole('button', { name: 'Grid' }).click();
    const grid = manager.getByLabel('Live grid');
    await expect(grid.locator('figure')).toHaveCount(3);
    await expect
      .poll(
        () =>
          grid
            .locator('canvas')
            .evaluateAll((cs) => cs.filter((c) => (c as unknown as { width: number }).width > 0).length),
        { timeout: 10_000 },
      )
      .toBeGreaterThanOrEqual(3);
    await manager.waitForTimeout(1500);
    await readmeShot(manager, 'live-grid');
    await manager.getByRole('button', { name: 'List' }).click();
    // Leaving the grid closes its thumbnails' joins.
    await expect
      .poll(
        () =>
          doubleUsers(lab.double).watchers.size === 3 &&
          [...doubleUsers(lab.double).watchers].every((c) => doubleUsers(lab.double).left.has(c)),
        { timeout: 5000 },
      )
      .toBe(true);

    await row.getByRole('button', { name: 'Watch lab-ssh of Erin Engineer' }).click();
    const view = manager.getByRole('region', { name: 'Session lab-ssh (watching Erin Engineer)' });
    await expect(view.getByTestId('session-state')).toHaveText('Connected', { timeout: 10_000 });
    await expect(view).toContainText('watching, read-only');
    await expect
      .poll(() => litPixels(manager, 'lab-ssh (watching Erin Engineer)'), { timeout: 5000 })
      .toBeGreaterThan(100);
    await erin.getByRole('navigation', { name: 'Sessions' }).getByRole('button', { name: 'lab-ssh' }).click();
    await expect(first.getByTestId('watch-banner')).toContainText('Bob Manager started watching this session', {
      timeout: 5000,
    });
    // The watcher types and clicks: nothing of it reaches guacd.
    await view.getByTestId('session-screen').click();
    await manager.keyboard.type('rm -rf /');
    await manager.waitForTimeout(500);
    const watcherInput = lab.double
      .entries()
      .filter(
        (e) => e['role'] === 'watcher' && ['key', 'mouse', 'clipboard'].includes((e['received'] as string[])[0] ?? ''),
      );
    expect(watcherInput).toEqual([]);
    expect(lab.double.entries().filter((e) => e['dropped'])).toEqual([]);

    // The owner ends: the watcher's view closes with a message, and guacd saw every user leave.
    await first.getByRole('button', { name: 'End session' }).click();
    await expect(view.getByTestId('session-error-code')).toHaveText('WATCHED_SESSION_ENDED', { timeout: 5000 });
    await expect(view).toContainText('The session you were watching has ended.');
    // Closing the view goes back to the Live view, where the session is gone.
    await view.getByRole('button', { name: 'Close' }).click();
    await expect(manager.getByTestId('live-count')).toHaveText('3 running', { timeout: 12_000 });
    // Every watcher's connection, and lab-ssh's own (the first session started).
    const labConns = [...doubleUsers(lab.double).watchers, Math.min(...doubleUsers(lab.double).owners)];
    expect(labConns.length).toBe(5);
    await expect.poll(() => labConns.every((c) => doubleUsers(lab.double).left.has(c)), { timeout: 5000 }).toBe(true);
    const audit = (await lab.api('GET', '/api/audit', 'carol')).body as {
      entries: Array<{ actor: string; action: string }>;
    };
    expect(audit.entries.filter((e) => e.actor === 'bob').map((e) => e.action)).toEqual(
      expect.arrayContaining(['watch.start', 'watch.end']),
    );
    for (const line of [...lab.managerHost.stdout, ...lab.managerHost.stderr]) expect(line).not.toContain(labSecret);
  } finally {
    await lab.stop();
  }
});

test('a person without the access-manager role gets no Live view and the server refuses them; monitoring off is refused and the terms say so', async ({
  browser,
}) => {
  const lab = await startLiveLab();
  try {
    const erin = await ownerPage(browser, lab);
    await expect(erin.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Live' })).toHaveCount(0);
    await erin
      .getByRole('row', { name: /gdpr-ssh/ })
      .getByRole('button', { name: 'Connect to gdpr-ssh' })
      .click();
    await expect(erin.getByTestId('terms-live')).toContainText('No one can watch this session live');
    await erin.getByRole('button', { name: 'Agree and connect' }).click();
    await expect(erin.getByRole('region', { name: 'Session gdpr-ssh' }).getByTestId('session-state')).toHaveText(
      'Connected',
      { timeout: 10_000 },
    );

    const refused = await lab.api('GET', '/api/live/sessions', 'erin');
    expect([refused.status, refused.body['code']]).toEqual([403, 'FORBIDDEN_ROLE']);

    const manager = await managerPage(browser, lab);
    const row = manager.getByRole('row', { name: 'Erin Engineer on gdpr-ssh' });
    await expect(row.getByTestId('monitoring-off')).toHaveText('Monitoring off');
    await expect(row.getByRole('button', { name: /^Watch/ })).toHaveCount(0);
    const sessionId = (
      (await lab.api('GET', '/api/live/sessions', 'bob')).body['sessions'] as Array<{ sessionId: string }>
    )[0]?.sessionId;
    const watch = await lab.api('POST', `/api/live/sessions/${sessionId}/watch`, 'bob', {});
    expect([watch.status, watch.body['code']]).toEqual([403, 'MONITORING_OFF']);
    await manager.getByRole('button', { name: 'Grid' }).click();
    await expect(manager.getByText('1 session(s) with monitoring off are not shown.')).toBeVisible();
    expect(doubleUsers(lab.double).watchers.size).toBe(0);
    // Signing out leaves the Live view for the sign-in page.
    await manager.getByRole('button', { name: 'Sign out' }).click();
    await expect(manager.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await expect(manager.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Live' })).toHaveCount(
      0,
    );
  } finally {
    await lab.stop();
  }
});

test('terminate: the owner’s tab closes showing the reason, guacd saw the close within 2 s, and the audit log says who and why', async ({
  browser,
}) => {
  const lab = await startLiveLab();
  try {
    const erin = await ownerPage(browser, lab);
    const tab = await startSession(erin, 'lab-ssh');
    const manager = await managerPage(browser, lab);
    const row = manager.getByRole('row', { name: 'Erin Engineer on lab-ssh' });
    await row.getByRole('button', { name: 'Terminate lab-ssh of Erin Engineer' }).click();
    const form = manager.getByRole('form', { name: 'Terminate lab-ssh' });
    await expect(form.getByRole('button', { name: "End Erin Engineer's session" })).toBeDisabled();
    await form.getByLabel(/Reason/).fill('Change window closed');
    await form.getByRole('button', { name: "End Erin Engineer's session" }).click();
    await expect.poll(() => doubleUsers(lab.double).left.size, { timeout: 2000 }).toBe(1);
    await expect(tab.getByTestId('session-error-code')).toHaveText('SESSION_TERMINATED');
    await expect(tab.getByTestId('session-error-message')).toContainText(
      'bob (access manager) ended this session: Change window closed',
    );
    await expect(manager.getByTestId('live-count')).toHaveText('0 running', { timeout: 12_000 });
    const audit = (await lab.api('GET', '/api/audit', 'carol')).body as {
      entries: Array<{ actor: string; action: string; target: string }>;
    };
    expect(audit.entries.find((e) => e.action === 'terminate')).toMatchObject({
      actor: 'bob',
      target: 'lab-ssh (Lab) of erin: Change window closed',
    });
  } finally {
    await lab.stop();
  }
});

test('a slow watcher is dropped with WATCHER_TOO_SLOW and may rejoin, while the owner keeps its pace', async ({
  browser,
}) => {
  // ssh-bulk draws for 20 s (4 MB): frames keep coming while Bob's view is stuck, however late he joins.
  // A frame that waited for a lagging watcher would wait the whole pacing limit; at time scale 3 (1.5 s)
  // a busy machine's owner tab, drawing all that, stays under it.
  const doubleArgs = ['--script', 'ssh-bulk', '--time-scale', '3'];
  test.setTimeout(120_000); // drawing 4 MB in two tabs takes 40 s on a busy two-core machine
  const lab = await startLiveLab({ OPENPSM_WATCHER_QUEUE_BYTES: String(64 * 1024) }, doubleArgs);
  try {
    const erin = await ownerPage(browser, lab);
    const tab = await startSession(erin, 'lab-ssh');
    const manager = await managerPage(browser, lab);
    // Bob's screen stops rendering: its answers to guacd's frames never leave the page.
    let slow = true;
    await manager.routeWebSocket(/\/session$/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        if (!(slow && String(message).includes('["sync"'))) server.send(message);
      });
    });
    await manager.getByRole('button', { name: 'Watch lab-ssh of Erin Engineer' }).click();
    const view = manager.getByRole('region', { name: 'Session lab-ssh (watching Erin Engineer)' });
    await expect(view.getByTestId('session-error-code')).toHaveText('WATCHER_TOO_SLOW', { timeout: 15_000 });
    await expect(view.getByTestId('session-error-message')).toContainText('Watch again to rejoin');
    // The owner's frames never waited for the watcher.
    expect(lab.double.entries().filter((e) => e['event'] === 'frame-held')).toEqual([]);
    await expect(tab.getByTestId('session-state')).toHaveText('Connected');
    slow = false;
    await view.getByRole('button', { name: 'Close' }).click();
    await manager.getByRole('button', { name: 'Watch lab-ssh of Erin Engineer' }).click();
    await expect(
      manager.getByRole('region', { name: 'Session lab-ssh (watching Erin Engineer)' }).getByTestId('session-state'),
    ).toHaveText('Connected', { timeout: 10_000 });
  } finally {
    await lab.stop();
  }
});
