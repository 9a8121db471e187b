import { expect, type Locator, type Page } from '@playwright/test';
import { demoPassword, signIn, startRemoteMode } from './controlPlane';
import { startDoubleProcess, type DoubleProcess } from './processes';
import { connectTo } from './deskLab';

/** The lab account the guacd double accepts (test data, allow-listed in the secret scan). */
const labSecret = 'psmtest-Pass1';

export interface ShortcutLab {
  double: DoubleProcess;
  env: Awaited<ReturnType<typeof startRemoteMode>>;
  /** The keysyms the double received pressed, in order. */
  pressedKeys(): number[];
  stop(): Promise<void>;
}

/**
 * A guacd double, a seeded control plane and a browser host against it, with `names` (SSH
 * computers the double serves, with the lab account as shared credential) in a policy for Erin.
 */
export async function startShortcutLab(names: string[]): Promise<ShortcutLab> {
  const double = await startDoubleProcess();
  const env = await startRemoteMode({ OPENPSM_GUACD_PORT: String(double.port) });
  const token = await env.token('alice');
  const call = async (method: string, pathname: string, body?: unknown) => {
    const res = await fetch(new URL(pathname, env.server.url), {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  const { persons } = (await call('GET', '/api/admin/persons')) as { persons: Array<{ id: string; username: string }> };
  const computers: unknown[] = [];
  for (const name of names) {
    const computer = await call('POST', '/api/admin/computers', {
      name,
      protocol: 'ssh',
      host: '127.0.0.1',
      port: 2222,
    });
    await call('POST', '/api/admin/credentials', {
      computerId: computer['id'],
      username: 'psmtest',
      secret: labSecret,
    });
    computers.push(computer['id']);
  }
  await call('POST', '/api/admin/policies', {
    name: 'Shortcut lab',
    persons: [persons.find((p) => p.username === 'erin')?.id],
    computers,
    credentialKinds: ['shared'],
    terms: 'Lab terms.',
  });
  return {
    double,
    env,
    pressedKeys: () =>
      double
        .entries()
        .filter((e) => e['effect'] === 'key' && e['pressed'] === true)
        .map((e) => e['keysym'] as number),
    stop: async () => {
      await env.stop();
      await double.stop();
    },
  };
}

/** Erin opens the app and signs in (she lands on My Resources). */
export async function openAsErin(page: Page, lab: ShortcutLab): Promise<void> {
  await page.goto(lab.env.host.url);
  await signIn(page, 'erin', demoPassword);
  await expect(page.getByRole('heading', { name: 'My Resources' })).toBeVisible();
}

/** Connects to `name` from My Resources (agreeing to the terms) and waits for the session; returns its tab. */
export async function connectLab(page: Page, name: string): Promise<Locator> {
  const tab = await connectTo(page, name);
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 15_000 });
  return tab;
}
