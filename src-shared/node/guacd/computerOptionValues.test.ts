import { describe, expect, it } from 'vitest';
import { computerOptionValues, knownHostsLine } from './computerOptionValues';
import { guacdError } from './guacdErrors';

const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG2aWf8oXqjKk3Yk1GxSrQv5C8xX0oC8Jm3lK3mYqWbX';
const none = { rdpDomain: null, sshHostKey: null, vncColorDepth: null };

describe("a computer's options as guacd's connect values", () => {
  it('pins the SSH host key as a known_hosts line, with [host]:port off port 22, and needs guacd to have host-key', () => {
    expect(knownHostsLine('db.lab', 22, key)).toBe(`db.lab ${key}`);
    const values = computerOptionValues('ssh', { host: '127.0.0.1', port: 2222 }, { ...none, sshHostKey: key });
    expect(values).toEqual({
      values: { 'host-key': `[127.0.0.1]:2222 ${key}` },
      needs: ['host-key'],
      hostKeyPinned: true,
    });
  });
  it("sends VNC's colour depth and RDP's domain only to their protocol, and nothing unset", () => {
    const all = { rdpDomain: 'LAB', sshHostKey: key, vncColorDepth: 16 };
    expect(computerOptionValues('vnc', { host: 'h', port: 5900 }, all).values).toEqual({ 'color-depth': '16' });
    expect(computerOptionValues('rdp', { host: 'h', port: 3389 }, all).values).toEqual({ domain: 'LAB' });
    expect(computerOptionValues('ssh', { host: 'h', port: 22 }, none)).toEqual({
      values: {},
      needs: [],
      hostKeyPinned: false,
    });
  });
  it("reads guacd's abort with a pinned key as the key refused, and leaves other errors alone", () => {
    const instruction = ['error', 'Aborted. See logs.', '512'];
    expect(guacdError(instruction, { hostKeyPinned: true }).code).toBe('TARGET_HOST_KEY_REFUSED');
    // Rewritten in place: the owner's app reads the same instruction and names the same code.
    expect(instruction).toEqual(['error', 'Host key did not match any provided known host keys', '512']);
    expect(guacdError(['error', 'Aborted. See logs.', '512'], {}).code).toBe('SESSION_FAILED');
    expect(guacdError(['error', 'Aborted. See logs.', '769'], { hostKeyPinned: true }).code).toBe('TARGET_AUTH_FAILED');
  });
});
