import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { descendants, killPids, pidsOfUid, startDaemon, stopTree, waitUntil, type Daemon } from './daemons';
import { freePort } from './ports';
import { startSshd } from './sshd';

/** A running target: where it listens, and how to stop it with everything it started. */
export interface Target {
  port: number;
  log: string[];
  stop(): Promise<void>;
}

export interface TestAccount {
  name: string;
  password: string;
  uid: number;
  /** A folder the account owns, for the files its sessions write. */
  workDir: string;
  /** How many shell prompts the account's sessions have shown (PROMPT_COMMAND, set in its ~/.bash_profile, counts them). */
  prompts(): number;
  /** Kills its processes by pid, deletes the account and its folders. */
  remove(): Promise<void>;
}

/**
 * A throwaway local unix account with a password, unique per run (opsm + 8 hex digits), for
 * SSH and Telnet logins. Its home and work folder live in one temp folder removed with it.
 */
export function createAccount(): TestAccount {
  const name = `opsm${crypto.randomBytes(4).toString('hex')}`;
  const password = `Real-${crypto.randomBytes(12).toString('base64url')}`;
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-real-'));
  fs.chmodSync(base, 0o755);
  const home = path.join(base, 'home');
  const workDir = path.join(base, 'work');
  execFileSync('useradd', ['-m', '-d', home, '-s', '/bin/bash', '-c', 'OpenPSM e2e (temporary)', name]);
  const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
  execFileSync('chpasswd', { input: `${name}:${password}\n` });
  fs.mkdirSync(workDir, { mode: 0o700 });
  // A line per prompt shown: a test types only once the shell reads its input.
  const prompts = path.join(workDir, 'prompts');
  fs.writeFileSync(path.join(home, '.bash_profile'), `PROMPT_COMMAND='echo "$$" >> ${prompts}'\n`);
  for (const p of [workDir, path.join(home, '.bash_profile')]) fs.chownSync(p, uid, uid);
  return {
    name,
    password,
    uid,
    workDir,
    prompts: () => (fs.existsSync(prompts) ? fs.readFileSync(prompts, 'utf8').split('\n').filter(Boolean).length : 0),
    remove: async () => {
      for (let round = 0; round < 3 && pidsOfUid(uid).length > 0; round++) {
        killPids(pidsOfUid(uid));
        await waitUntil(() => pidsOfUid(uid).length === 0, 1000);
      }
      // -f: an orphaned zombie (this sandbox's pid 1 reaps none) still counts as the user's.
      execFileSync('userdel', ['-f', '-r', name], { stdio: 'ignore' });
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

/** OpenSSH's sshd (support/sshd.ts) on a free loopback port; password logins for local accounts. */
export async function startSshTarget(): Promise<Target> {
  const sshd = await startSshd();
  return {
    port: sshd.port,
    log: sshd.log,
    stop: async () => {
      const below = descendants(sshd.pid);
      await Promise.race([sshd.stop(), new Promise((r) => setTimeout(r, 5000))]);
      killPids([sshd.pid, ...below]);
    },
  };
}

/** inetutils telnetd, launched per connection by inetutils-inetd in the foreground (-d) on a free loopback port; it runs /bin/login. */
export async function startTelnetTarget(): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-telnet-'));
  const port = await freePort();
  const conf = path.join(dir, 'inetd.conf');
  fs.writeFileSync(conf, `127.0.0.1:${port} stream tcp nowait root /usr/sbin/telnetd telnetd -h\n`);
  // --pidfile only in its attached form: `-p FILE` reads FILE as a second config file.
  const daemon = await startDaemon({
    name: 'inetutils-inetd',
    command: '/usr/sbin/inetutils-inetd',
    args: ['-d', `--pidfile=${path.join(dir, 'inetd.pid')}`, conf],
    port,
  });
  return withCleanup(daemon, dir);
}

function withCleanup(daemon: Daemon, dir: string): Target {
  return {
    port: daemon.port,
    log: daemon.log,
    stop: async () => {
      await daemon.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A display number whose X socket and lock file are both absent, from a random start. */
export function freeDisplay(): number {
  const start = 100 + crypto.randomInt(100);
  for (let n = start; n < start + 100; n++) {
    if (!fs.existsSync(`/tmp/.X11-unix/X${n}`) && !fs.existsSync(`/tmp/.X${n}-lock`)) return n;
  }
  throw new Error('no free X display number');
}

/**
 * Xvfb on a free display, once its socket is there. -noreset: without it the server resets when
 * its last client leaves, and a client connecting during that reset is refused (about one start in
 * twenty, seen as freerdp-shadow-cli's "failed to open display" right after xsetroot).
 */
export async function startXvfb(): Promise<{ display: number; xvfb: ChildProcess }> {
  const display = freeDisplay();
  const args = [`:${display}`, '-noreset', '-screen', '0', '1024x768x24', '-nolisten', 'tcp'];
  const xvfb = spawn('Xvfb', args, { stdio: 'ignore' });
  const xReady = await waitUntil(() => fs.existsSync(`/tmp/.X11-unix/X${display}`) || xvfb.exitCode !== null, 10_000);
  if (!xReady || xvfb.exitCode !== null) {
    await stopTree(xvfb);
    throw new Error(`Xvfb :${display} did not start (exit ${xvfb.exitCode})`);
  }
  return { display, xvfb };
}

/** x11vnc sharing a fresh Xvfb display on a free loopback port, with a VNC password (8 characters at most count). */
export async function startVncTarget(password: string): Promise<Target & { display: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-vnc-'));
  const { display, xvfb } = await startXvfb();
  const passFile = path.join(dir, 'vnc.pass');
  execFileSync('x11vnc', ['-storepasswd', password, passFile], { stdio: 'ignore' });
  const port = await freePort();
  try {
    // -noipv6: without it x11vnc also listens on [::] despite -listen.
    const args = [
      '-display',
      `:${display}`,
      '-rfbauth',
      passFile,
      '-rfbport',
      String(port),
      '-listen',
      '127.0.0.1',
      '-noipv6',
      '-forever',
      '-shared',
      '-quiet',
    ];
    const x11vnc = await startDaemon({ name: 'x11vnc', command: 'x11vnc', args, port });
    const target = withCleanup(x11vnc, dir);
    return { ...target, display, stop: () => target.stop().then(() => stopTree(xvfb)) };
  } catch (error) {
    await stopTree(xvfb);
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
