import { describe, expect, it } from 'vitest';
import { protocolValues, typescriptValues } from './protocolValues';

/** What guacd's telnet does with a line (REG_EXTENDED | REG_ICASE, as guacd compiles them). */
const matches = (pattern: string | undefined, line: string) => new RegExp(pattern ?? '(?!)', 'i').test(line);

describe('protocolValues', () => {
  it('Telnet with a password: guacd ends the session on a failed login', () => {
    const values = protocolValues('telnet', 'a-password');
    const failure = values['login-failure-regex'];
    for (const line of ['Login incorrect', 'login failed', 'Authentication failure', 'Access denied'])
      expect(matches(failure, line), line).toBe(true);
    for (const line of ['login: ', 'Password: ', 'opsm12ab@host:~$ ']) expect(matches(failure, line), line).toBe(false);
  });

  it('Telnet with a password: a shell prompt is a success, a login prompt is not', () => {
    const success = protocolValues('telnet', 'a-password')['login-success-regex'];
    for (const line of ['opsm12ab@host:~$ ', 'bash-5.2$ ', 'root@host:/# ', 'switch>', 'Last login: Tue Dec 1'])
      expect(matches(success, line), line).toBe(true);
    for (const line of ['host login: ', 'Password: ', 'Login incorrect', 'Debian GNU/Linux 12'])
      expect(matches(success, line), line).toBe(false);
  });

  it('Telnet without a password sends no login regexes: guacd would hide the login prompt the user must answer', () => {
    expect(protocolValues('telnet')).toEqual({});
    expect(protocolValues('telnet', '')).toEqual({});
  });

  it('other protocols get no login regexes', () => {
    expect(protocolValues('ssh', 'a-password')).toEqual({});
    expect(protocolValues('vnc', 'a-password')).toEqual({});
    expect(protocolValues('rdp', 'a-password')).toEqual({ 'resize-method': 'display-update' });
  });
});

describe("guacd's typescript of a recorded session", () => {
  it.each(['ssh', 'telnet'])('%s: guacd writes the terminal text beside the recording, named after it', (protocol) => {
    expect(typescriptValues(protocol, '/srv/openpsm/recordings', 'abc')).toEqual({
      'typescript-path': '/srv/openpsm/recordings',
      'typescript-name': 'abc.typescript',
      'create-typescript-path': 'true',
    });
  });

  it.each(['rdp', 'vnc'])('%s has no terminal: nothing is asked', (protocol) => {
    expect(typescriptValues(protocol, '/srv/openpsm/recordings', 'abc')).toEqual({});
  });
});
