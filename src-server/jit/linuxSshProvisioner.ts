import crypto from 'node:crypto';
import { Client, type ConnectConfig } from 'ssh2';
import type { ProvisionerConfig } from '../db/jitAccounts';

/** A temporary account: the name and password guacd logs in with for one session. */
export interface JitAccount {
  username: string;
  password: string;
}

/** Creates and removes JIT accounts on a computer. Each method throws an Error whose message says what failed. */
export interface Provisioner {
  create(host: string, config: ProvisionerConfig, account: JitAccount): Promise<void>;
  remove(host: string, config: ProvisionerConfig, username: string): Promise<void>;
}

const nameRule = /^psm-[a-z0-9]{10}$/;
const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A fresh account: `psm-` and 10 random characters (a valid Linux name), and a 24-character random password. */
export function newJitAccount(): JitAccount {
  const pick = (n: number, chars: string) => [...crypto.randomBytes(n)].map((b) => chars[b % chars.length]).join('');
  return { username: `psm-${pick(10, 'abcdefghijkmnopqrstuvwxyz23456789')}`, password: pick(24, alphabet) };
}

/** The SHA-256 fingerprint of an SSH host key blob, as `ssh-keygen -lf` prints it. */
export function hostKeyFingerprint(blob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * JIT accounts on Linux over SSH: the server logs in with the computer's provisioning account
 * (host key pinned), runs `useradd` and `chpasswd` (the password goes through stdin, never a
 * command line), and after the session kills the account's processes and runs `userdel
 * --remove`. A provisioning account that is not root needs passwordless sudo.
 */
export class LinuxSshProvisioner implements Provisioner {
  constructor(private readonly timeoutMs: number) {}

  async create(host: string, config: ProvisionerConfig, account: JitAccount): Promise<void> {
    if (!nameRule.test(account.username) || /[:\n]/.test(account.password))
      throw new Error('refused an unsafe account name or password');
    await this.session(host, config, async (run, sudo) => {
      const added = await run(
        `${sudo}useradd --create-home --shell /bin/bash --comment 'OpenPSM JIT account' -- ${account.username}`,
      );
      if (added.code !== 0)
        throw new Error(`useradd failed (exit ${String(added.code)}): ${added.stderr.trim().slice(0, 200)}`);
      const set = await run(`${sudo}chpasswd`, `${account.username}:${account.password}\n`);
      if (set.code !== 0) {
        await run(`${sudo}userdel --remove -- ${account.username}`);
        throw new Error(`chpasswd failed (exit ${String(set.code)}): ${set.stderr.trim().slice(0, 200)}`);
      }
    });
  }

  async remove(host: string, config: ProvisionerConfig, username: string): Promise<void> {
    if (!nameRule.test(username)) throw new Error('refused an unsafe account name');
    await this.session(host, config, async (run, sudo) => {
      // Its logins end with it; userdel exits 6 when the account is already gone.
      const script = `for i in 1 2 3 4 5; do pkill -KILL -u ${username}; userdel --remove -- ${username} 2>/dev/null; c=$?; [ $c = 0 ] || [ $c = 6 ] && exit 0; sleep 0.2; done; exit $c`;
      const removed = await run(`${sudo}sh -c '${script}'`);
      if (removed.code !== 0)
        throw new Error(`userdel failed (exit ${String(removed.code)}): ${removed.stderr.trim().slice(0, 200)}`);
    });
  }

  private session(
    host: string,
    config: ProvisionerConfig,
    work: (run: (command: string, stdin?: string) => Promise<Run>, sudo: string) => Promise<void>,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      let settled = false;
      const done = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        client.end();
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(
        () => done(new Error(`no answer from ${host}:${config.port} within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      let keySeen = '';
      const run = (command: string, stdin?: string) =>
        new Promise<Run>((ok, fail) => {
          client.exec(command, (error, stream) => {
            if (error) return fail(error);
            const out: Run = { code: null, stdout: '', stderr: '' };
            stream.on('data', (d: Buffer) => (out.stdout += d.toString('utf8')));
            stream.stderr.on('data', (d: Buffer) => (out.stderr += d.toString('utf8')));
            stream.on('close', (code: number | null) => ok({ ...out, code }));
            stream.end(stdin);
          });
        });
      client.on('ready', () => {
        void (async () => {
          const id = await run('id -u');
          await work(run, id.stdout.trim() === '0' ? '' : 'sudo -n ');
        })().then(
          () => done(),
          (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
        );
      });
      client.on('error', (error) => {
        const pinned = keySeen !== '' && keySeen !== config.hostKeySha256;
        done(
          new Error(
            pinned
              ? `the host key of ${host}:${config.port} is ${keySeen}, not the pinned ${config.hostKeySha256}`
              : `ssh to ${host}:${config.port} as ${config.username} failed: ${error.message}`,
          ),
        );
      });
      const options: ConnectConfig = {
        host,
        port: config.port,
        username: config.username,
        readyTimeout: this.timeoutMs,
        hostVerifier: (key: Buffer) => {
          keySeen = hostKeyFingerprint(key);
          return keySeen === config.hostKeySha256;
        },
        ...(config.secretKind === 'private-key' ? { privateKey: config.secret } : { password: config.secret }),
      };
      client.connect(options);
    });
  }
}
