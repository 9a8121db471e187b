import { expect, type Page } from '@playwright/test';
import type { startRemoteMode } from './controlPlane';

export type RemoteEnv = Awaited<ReturnType<typeof startRemoteMode>>;

/** The lab account the guacd double accepts at 127.0.0.1:2222 (test data, allow-listed in the secret scan). */
export const labSecret = 'psmtest-Pass1';

/** Calls the control plane's API as a demo person; returns the status and body. */
export async function apiCall(
  env: RemoteEnv,
  username: string,
  method: string,
  pathname: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await env.token(username);
  const res = await fetch(new URL(pathname, env.server.url), {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Calls as alice (the demo administrator) and returns the body, failing the test on an error status. */
export async function admin(
  env: RemoteEnv,
  method: string,
  pathname: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await apiCall(env, 'alice', method, pathname, body);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}

export async function personId(env: RemoteEnv, username: string): Promise<string> {
  const { persons } = (await admin(env, 'GET', '/api/admin/persons')) as {
    persons: Array<{ id: string; username: string }>;
  };
  const found = persons.find((p) => p.username === username);
  if (!found) throw new Error(`no person ${username}`);
  return found.id;
}

/** A computer the double serves (the lab's SSH target unless told otherwise). */
export async function addComputer(
  env: RemoteEnv,
  name: string,
  options: { host?: string; port?: number; jitEnabled?: boolean; sharedSecret?: string | null } = {},
): Promise<string> {
  const computer = await admin(env, 'POST', '/api/admin/computers', {
    name,
    protocol: 'ssh',
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 2222,
    jitEnabled: options.jitEnabled ?? false,
    recording: true,
    liveMonitoring: true,
  });
  const id = computer['id'] as string;
  if (options.sharedSecret !== null)
    await admin(env, 'POST', '/api/admin/credentials', {
      computerId: id,
      username: 'psmtest',
      secret: options.sharedSecret ?? labSecret,
    });
  return id;
}

/** A policy for erin; returns its id. */
export async function addPolicy(
  env: RemoteEnv,
  name: string,
  computers: string[],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const policy = await admin(env, 'POST', '/api/admin/policies', {
    name,
    persons: [await personId(env, 'erin')],
    computers,
    credentialKinds: ['shared'],
    terms: `Terms of ${name}.`,
    ...extra,
  });
  return policy['id'] as string;
}

/** The policy section of My Resources. */
export const policySection = (page: Page, policy: string) => page.getByRole('region', { name: `Policy ${policy}` });

/** Opens Advanced Mode on a computer's row under a policy. */
export async function openAdvanced(page: Page, policy: string, computer: string): Promise<void> {
  await policySection(page, policy)
    .getByRole('button', { name: `Connection options for ${computer}` })
    .click();
  await page.getByRole('menuitem', { name: 'Advanced Mode' }).click();
  await expect(page.getByRole('heading', { name: `Advanced Mode: ${computer}` })).toBeVisible();
}

/** Advanced Mode's refusal: the code shown with its message. */
export async function expectRefusal(page: Page, code: string, words?: RegExp): Promise<void> {
  await expect(page.getByTestId('advanced-error-code')).toHaveText(code);
  if (words) await expect(page.getByTestId('advanced-error-message')).toContainText(words);
}

/** Agrees to the terms and waits for the session tab to connect. */
export async function agreeAndConnect(page: Page, computer: string) {
  await page.getByRole('button', { name: 'Agree and connect' }).click();
  const tab = page.getByRole('region', { name: `Session ${computer}` });
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 10_000 });
  return tab;
}

export async function auditOf(env: RemoteEnv, actor: string): Promise<string[]> {
  const { entries } = (await apiCall(env, 'carol', 'GET', '/api/audit')).body as {
    entries: Array<{ actor: string; action: string; target: string }>;
  };
  return entries.filter((e) => e.actor === actor).map((e) => `${e.action} ${e.target}`);
}
