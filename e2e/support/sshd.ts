import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'ssh2';
import { freePort, waitForPort } from './ports';
import { tempDataDir } from './processes';

export interface Sshd {
  port: number;
  /** The listening sshd's pid (each connection's sshd runs below it). */
  pid: number;
  /** Its log lines so far (sshd -e logs to stderr). */
  log: string[];
  /** The host key's fingerprint as `ssh-keygen -lf` prints it, for pinning. */
  hostKeySha256: string;
  /** The host key as known_hosts has it: `ssh-ed25519 AAAA…` (what Test connection pins). */
  hostPublicKey: string;
  /** The provisioning account's private key (root, key only, accepted by this sshd alone). */
  provisioningKey: string;
  stop(): Promise<void>;
}

/**
 * A real OpenSSH sshd (Debian openssh-server) on 127.0.0.1 with its own host key and config:
 * root logs in with a key whose authorized_keys lives in the test's folder (nothing of the
 * machine's own sshd or root account changes); other accounts log in with a password.
 */
export async function startSshd(): Promise<Sshd> {
  const dir = tempDataDir();
  const port = await freePort();
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    'openpsm-provisioning',
    '-f',
    path.join(dir, 'provisioning'),
  ]);
  fs.mkdirSync(path.join(dir, 'keys'));
  fs.copyFileSync(path.join(dir, 'provisioning.pub'), path.join(dir, 'keys', 'root'));
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'host_key')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'keys')}/%u`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'MaxStartups 50',
  ];
  fs.writeFileSync(path.join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const log: string[] = [];
  child.stderr.on('data', (d: Buffer) => log.push(d.toString('utf8')));
  await waitForPort(port, {
    timeoutMs: 10_000,
    failed: () => child.exitCode !== null,
    why: () => `sshd did not start: ${log.join('')}`,
  });
  const fingerprint =
    execFileSync('ssh-keygen', ['-lf', path.join(dir, 'host_key.pub')])
      .toString()
      .split(' ')[1] ?? '';
  return {
    port,
    pid: child.pid ?? 0,
    log,
    hostKeySha256: fingerprint,
    hostPublicKey: fs.readFileSync(path.join(dir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' '),
    provisioningKey: fs.readFileSync(path.join(dir, 'provisioning'), 'utf8'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Logs in with a password and runs `id -un`; resolves with its output, or rejects with why the login failed. */
export function loginAndWhoami(port: number, username: string, password: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    const timer = setTimeout(() => {
      client.end();
      reject(new Error('ssh login timed out'));
    }, 10_000);
    client.on('ready', () => {
      client.exec('id -un', (error, stream) => {
        if (error) return reject(error);
        let out = '';
        stream.on('data', (d: Buffer) => (out += d.toString('utf8')));
        stream.on('close', () => {
          clearTimeout(timer);
          client.end();
          resolve(out.trim());
        });
      });
    });
    client.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    client.connect({ host: '127.0.0.1', port, username, password, hostVerifier: () => true, readyTimeout: 10_000 });
  });
}

/** Whether the machine has a local account of that name (the sshd runs on this machine). */
export function accountExists(username: string): boolean {
  try {
    execFileSync('id', [username], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
