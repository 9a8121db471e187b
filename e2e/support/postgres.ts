import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './ports';

/** Debian's PostgreSQL 15 (package `postgresql`, in scripts/debian-packages.txt). */
const bin = '/usr/lib/postgresql/15/bin';

export interface ThrowawayPostgres {
  /** A connection URL to a fresh database. */
  createDatabase(name: string): string;
  stop(): Promise<void>;
}

const asPostgres = (command: string, args: string[]) =>
  (process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]) as [
    string,
    string[],
  ];

/**
 * Starts a throwaway PostgreSQL cluster on 127.0.0.1 (initdb into a temp folder, run as the
 * `postgres` user when we are root, which PostgreSQL requires). Fails loudly when
 * PostgreSQL is not installed: these tests must run on both databases.
 */
export async function startPostgres(): Promise<ThrowawayPostgres> {
  if (!fs.existsSync(path.join(bin, 'initdb')))
    throw new Error(
      `PostgreSQL 15 is not installed (${bin}/initdb missing): run scripts/test.sh, which installs the Debian packages in scripts/debian-packages.txt.`,
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-pg-'));
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  const [initCmd, initArgs] = asPostgres(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'openpsm',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  const [cmd, args] = asPostgres(path.join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'max_connections=200',
  ]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  await waitForPort(port, {
    timeoutMs: 20_000,
    failed: () => child.exitCode !== null,
    why: () => `PostgreSQL did not start: ${log.slice(-500)}`,
    ready: () => log.includes('ready to accept connections'),
  });
  return {
    createDatabase(name) {
      execFileSync(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'openpsm', name], {
        stdio: 'ignore',
      });
      return `postgres://openpsm@127.0.0.1:${port}/${name}`;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        const [stopCmd, stopArgs] = asPostgres(path.join(bin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'immediate']);
        try {
          execFileSync(stopCmd, stopArgs, { stdio: 'ignore' });
        } catch {
          child.kill('SIGKILL');
        }
      }),
  };
}
