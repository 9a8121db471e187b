import { expect, type Browser, type Page } from '@playwright/test';
import { demoPassword, seedRemoteMode, signIn, startRemoteMode } from './controlPlane';
import { startDoubleProcess, startHost, tempDataDir, type DoubleProcess, type Host } from './processes';
import { connectTo } from './deskLab';

/** The lab account the guacd double accepts (test data, allow-listed in the secret scan). */
export const labSecret = 'psmtest-Pass1';
const labVncSecret = 'vncpass1';

type Env = Awaited<ReturnType<typeof startRemoteMode>>;

export interface LiveLab {
  env: Env;
  double: DoubleProcess;
  /** Bob's own app (an access manager), on the same control plane as Erin's. */
  managerHost: Host;
  api(
    method: string,
    pathname: string,
    username: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

/**
 * A control plane with the guacd double, Erin's app (env.host) and Bob's app (managerHost),
 * and the computers the double serves: lab-ssh, lab-vnc and lab-rdp (watchable) and gdpr-ssh
 * under a policy that turns live monitoring off.
 */
export async function startLiveLab(
  serverEnv: Record<string, string> = {},
  doubleArgs: string[] = [],
): Promise<LiveLab> {
  const double = await startDoubleProcess(doubleArgs);
  const env = await startRemoteMode({ OPENPSM_GUACD_PORT: String(double.port), ...serverEnv });
  const managerDir = tempDataDir();
  seedRemoteMode(managerDir, env.server.url);
  const managerHost = await startHost({}, managerDir);
  const api = async (method: string, pathname: string, username: string, body?: unknown) => {
    const res = await fetch(new URL(pathname, env.server.url), {
      method,
      headers: { authorization: `Bearer ${await env.token(username)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const persons = (await api('GET', '/api/admin/persons', 'alice')).body['persons'] as Array<{
    id: string;
    username: string;
  }>;
  const erin = persons.find((p) => p.username === 'erin')?.id;
  // The fixtures' lab targets, as computers with their shared credentials.
  const computer = async (name: string, protocol: string, port: number, secret: string) => {
    const created = await api('POST', '/api/admin/computers', 'alice', {
      name,
      protocol,
      host: '127.0.0.1',
      port,
      recording: true,
      liveMonitoring: true,
      // The lab's xrdp is self-signed: the double, as real guacd, refuses RDP unless the certificate is ignored or pinned.
      ...(protocol === 'rdp' ? { rdp: { security: 'any', certificate: { check: 'ignore' } } } : {}),
    });
    await api('POST', '/api/admin/credentials', 'alice', {
      computerId: created.body['id'],
      username: 'psmtest',
      secret,
    });
    return created.body['id'];
  };
  const lab = [
    await computer('lab-ssh', 'ssh', 2222, labSecret),
    await computer('lab-vnc', 'vnc', 5905, labVncSecret),
    await computer('lab-rdp', 'rdp', 3389, labSecret),
  ];
  await api('POST', '/api/admin/policies', 'alice', {
    name: 'Lab',
    terms: 'Lab work only.',
    persons: [erin],
    computers: lab,
    credentialKinds: ['shared'],
  });
  const gdpr = await computer('gdpr-ssh', 'ssh', 2222, labSecret);
  await api('POST', '/api/admin/policies', 'alice', {
    name: 'Works council',
    terms: 'Personal data inside.',
    liveMonitoring: false,
    persons: [erin],
    computers: [gdpr],
    credentialKinds: ['shared'],
  });
  return {
    env,
    double,
    managerHost,
    api,
    stop: async () => {
      await managerHost.stop();
      await env.stop();
      await double.stop();
    },
  };
}

/** Connects to a computer from My Resources, agrees to the terms, and returns the connected tab. */
export async function startSession(page: Page, name: string) {
  const tab = await connectTo(page, name);
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 10_000 });
  return tab;
}

/** Erin's app, signed in. */
export async function ownerPage(browser: Browser, lab: LiveLab): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(lab.env.host.url);
  await signIn(page, 'erin', demoPassword);
  return page;
}

/** Bob's app, signed in, on the Live view. */
export async function managerPage(browser: Browser, lab: LiveLab): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(lab.managerHost.url);
  await signIn(page, 'bob', demoPassword);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Live' }).click();
  await expect(page.getByRole('heading', { name: 'Live sessions' })).toBeVisible();
  return page;
}

/**
 * The double's connections that started a session (owners), joined one (selected a `$id`), and
 * those that left. A connection that closed before `connect` (the gateway's guacd health check)
 * is none of these.
 */
export function doubleUsers(double: DoubleProcess) {
  const entries = double.entries();
  const conns = (test: (e: Record<string, unknown>) => boolean) =>
    new Set(entries.filter(test).map((e) => e['conn'] as number));
  const abandoned = conns((e) => e['event'] === 'abandoned');
  return {
    owners: conns(
      (e) =>
        !abandoned.has(e['conn'] as number) &&
        e['role'] === 'client' &&
        (e['received'] as string[] | undefined)?.[0] === 'select' &&
        !(e['received'] as string[])[1]?.startsWith('$'),
    ),
    watchers: conns(
      (e) =>
        (e['received'] as string[] | undefined)?.[0] === 'select' &&
        ((e['received'] as string[])[1]?.startsWith('$') ?? false),
    ),
    left: conns((e) => e['event'] === 'left'),
  };
}
