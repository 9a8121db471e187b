import fs from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '@shared/node/logger';
import { signInHeadless } from '../../e2e/support/signIn';
import { startServer, type RunningServer } from '../index';

const password = 'Demo-Password-For-Health-1';

/** A listener on a free loopback port: a guacd double that answers `select` with its `args`, or a bare port. */
async function listen(answer: string | null): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((s) => s.once('data', () => (answer ? s.write(answer) : s.end())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("the gateway's view of guacd and of the computers", () => {
  let running: RunningServer | null = null;
  afterAll(() => running?.close());

  it("reports guacd's protocol version on /health and each computer's reachability in My Resources", async () => {
    const guacd = await listen('4.args,13.VERSION_1_5_0,8.hostname;');
    const sshd = await listen(null);
    running = await startServer({
      dataDir: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-health-')), 'data'),
      guacd: { host: '127.0.0.1', port: guacd.port },
      timers: { guacdHealthCacheSeconds: 1 },
      demo: { password, secret: 'Demo-Secret-1', ssh: { host: '127.0.0.1', port: sshd.port, user: 'deploy' } },
      log: createLogger({ name: 's', sink: () => undefined }),
    });
    const health = async () => (await (await fetch(`${running?.url}/health`)).json()) as Record<string, unknown>;
    expect((await health())['guacd']).toEqual({
      status: 'reachable',
      protocolVersion: 'VERSION_1_5_0',
      detail: `guacd answers at 127.0.0.1:${guacd.port}, offering protocol VERSION_1_5_0.`,
    });

    const signedIn = await signInHeadless(running.url, 'erin', password);
    if ('refused' in signedIn) throw new Error(signedIn.refused);
    const res = await fetch(`${running.url}/api/resources`, {
      headers: { authorization: `Bearer ${signedIn.tokens.access_token}` },
    });
    const { groups } = (await res.json()) as {
      groups: Array<{ computers: Array<{ name: string; host: string; reachability?: string }> }>;
    };
    const rows = groups.flatMap((g) => g.computers);
    expect(rows.find((c) => c.name === 'web-01')).toMatchObject({ host: '127.0.0.1', reachability: 'reachable' });
    expect(rows.every((c) => c.reachability === 'reachable' || c.reachability === 'unreachable')).toBe(true);

    await guacd.close();
    await new Promise((r) => setTimeout(r, 1100));
    expect((await health())['guacd']).toMatchObject({ status: 'unreachable', protocolVersion: null });
    expect(await running.guacdHealth()).toMatchObject({ status: 'unreachable' });
    await sshd.close();
  });
});
