import { describe, expect, it } from 'vitest';
import type { Computer, Settings } from '@shared/common/api/settings';
import type { OpenPsmError } from '@shared/common/errors';
import type { GuacdConnection } from '@shared/node/guacd/guacdConnection';
import { timerDefaults } from '../config/timers';
import { defaultSettings } from '../settings/settingsFile';
import { SessionManager } from './sessionManager';

const computer: Computer = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'db-1',
  protocol: 'ssh',
  host: '10.0.0.5',
  port: 22,
  username: 'ops',
  hasPassword: true,
  disableCopy: false,
  disablePaste: true,
};
const screen = { width: 800, height: 600, dpi: 96, timezone: 'UTC' };

/** A stand-in GuacdConnection that records what it was asked and can be ended. */
function fakeConnection(id: string) {
  const closers: ((e: OpenPsmError | null) => void)[] = [];
  let disconnected = false;
  const connection = {
    connectionId: id,
    get closed() {
      return disconnected;
    },
    pendingRequired: new Set<string>(),
    onClose: (l: (e: OpenPsmError | null) => void) => closers.push(l),
    disconnect: () => {
      if (disconnected) return;
      disconnected = true;
      for (const l of closers) l(null);
    },
  };
  return { connection: connection as unknown as GuacdConnection, isDisconnected: () => disconnected };
}

function manager(ttl: number = timerDefaults.sessionTokenTtlMs, target: Computer = computer) {
  const opened: Array<{ select: string; values: Record<string, string>; needs?: string[] | undefined }> = [];
  const fakes: Array<ReturnType<typeof fakeConnection>> = [];
  const warnings: string[] = [];
  const sessions = new SessionManager({
    computers: { withSecret: () => ({ computer: target, password: 'ops-Pass2' }) },
    settings: { get: (): Settings => defaultSettings },
    timers: { ...timerDefaults, sessionTokenTtlMs: ttl },
    log: { info: () => undefined, warn: (event: string) => void warnings.push(event) },
    connect: async (_address, options) => {
      const fake = fakeConnection(`$conn-${opened.length}`);
      opened.push({ select: options.select, values: options.values, needs: options.needs });
      fakes.push(fake);
      return fake.connection;
    },
  });
  return { sessions, opened, fakes, warnings };
}

describe('the session manager', () => {
  it('builds guacd values from the computer and its kept password, and returns no secret', async () => {
    const { sessions, opened } = manager();
    const result = await sessions.open(computer.id, screen);
    expect(opened[0]?.values).toMatchObject({
      hostname: '10.0.0.5',
      port: '22',
      username: 'ops',
      password: 'ops-Pass2',
      'disable-paste': 'true',
      'disable-copy': 'false',
    });
    expect(JSON.stringify(result)).not.toContain('ops-Pass2');
    expect(result).toMatchObject({ name: 'db-1', protocol: 'ssh', readOnly: false, disablePaste: true });
  });

  it("asks RDP to follow the tab's size (display-update), and other protocols for nothing of the kind", async () => {
    const rdp = manager(undefined, { ...computer, protocol: 'rdp', port: 3389 });
    await rdp.sessions.open(computer.id, screen);
    expect(rdp.opened[0]?.values['resize-method']).toBe('display-update');
    const ssh = manager();
    await ssh.sessions.open(computer.id, screen);
    expect(ssh.opened[0]?.values['resize-method']).toBeUndefined();
  });

  it('has guacd end a Telnet session whose kept password the login refuses (login-failure-regex)', async () => {
    const telnet = manager(undefined, { ...computer, protocol: 'telnet', port: 23 });
    await telnet.sessions.open(computer.id, screen);
    expect(telnet.opened[0]?.values['login-failure-regex']).toContain('Login incorrect');
    expect(telnet.opened[0]?.values['login-success-regex']).toBeTruthy();
  });

  it('redeems a token once', async () => {
    const { sessions } = manager();
    const { token } = await sessions.open(computer.id, screen);
    expect(sessions.redeem(token)?.computer.name).toBe('db-1');
    expect(sessions.redeem(token)).toBeNull();
    expect(sessions.redeem('x'.repeat(token.length))).toBeNull();
  });

  it('keeps a session that failed before its view attached until the view redeems it, to show why', async () => {
    const { sessions, fakes } = manager();
    const { token, sessionId } = await sessions.open(computer.id, screen);
    fakes[0]?.connection.disconnect();
    const late = sessions.redeem(token);
    expect(late?.id).toBe(sessionId);
    expect(late?.connection.closed).toBe(true);
    // Handed over once, then gone: it cannot be watched or redeemed again.
    await expect(sessions.watch(sessionId, screen)).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    expect(sessions.redeem(token)).toBeNull();
  });

  it('drops a session whose token was not used in time', async () => {
    const { sessions, fakes } = manager(50);
    const { token } = await sessions.open(computer.id, screen);
    await new Promise((r) => setTimeout(r, 120));
    expect(fakes[0]?.isDisconnected()).toBe(true);
    expect(sessions.redeem(token)).toBeNull();
  });

  it('joins a watch view read-only by the owner’s $id, and ends it with the owner', async () => {
    const { sessions, opened, fakes } = manager();
    const owner = await sessions.open(computer.id, screen);
    const watch = await sessions.watch(owner.sessionId, screen);
    expect(watch.readOnly).toBe(true);
    expect(opened[1]).toMatchObject({ select: '$conn-0', values: { 'read-only': 'true' } });
    await expect(sessions.watch(watch.sessionId, screen)).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    sessions.close(owner.sessionId);
    expect(fakes[1]?.isDisconnected()).toBe(true);
  });

  it("sends an RDP computer's certificate setting, needs guacd to take it, and warns in the log when it is ignored", async () => {
    const rdp: Computer = { ...computer, protocol: 'rdp', rdp: { security: 'nla', certificate: { check: 'ignore' } } };
    const { sessions, opened, warnings } = manager(undefined, rdp);
    await sessions.open(rdp.id, screen);
    expect(opened[0]?.values).toMatchObject({
      security: 'nla',
      'ignore-cert': 'true',
      'resize-method': 'display-update',
    });
    expect(opened[0]?.needs).toEqual(['security', 'ignore-cert']);
    expect(warnings).toEqual(['session.rdp_certificate_not_checked']);
  });
});
