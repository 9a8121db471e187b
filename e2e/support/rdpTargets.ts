import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { alive, killPids, pidsOfUid, startDaemon, stopTree, waitUntil, type Daemon } from './daemons';
import { freePort } from './ports';
import { freeDisplay, startXvfb, type Target, type TestAccount } from './realTargets';
import { writeSelfSigned } from './selfSigned';

/** An RDP target: its TLS certificate's SHA-256 as `AA:BB:…` (node's X509Certificate.fingerprint256). */
export interface RdpTarget extends Target {
  certificateSha256: string;
}

export interface XrdpTarget extends RdpTarget {
  /** Restarts xrdp with a fresh self-signed certificate (certificateSha256 follows); sesman and sessions stay. */
  replaceCertificate(): Promise<void>;
  /** The current size of the account's Xorg session screen (xrandr), or null while it has none. */
  screenSize(): { width: number; height: number } | null;
}

function sha256Of(certFile: string): string {
  return new crypto.X509Certificate(fs.readFileSync(certFile)).fingerprint256;
}

/** `text` with the first `key=…` line of the ini (the one in its first section that has it) set to `values[key]`. */
function setIni(text: string, values: Record<string, string>): string {
  return Object.entries(values).reduce(
    (result, [key, value]) => result.replace(new RegExp(`^${key}=.*$`, 'm'), `${key}=${value}`),
    text,
  );
}

/**
 * A mount namespace, held by a sleeping process, where xrdp and sesman see their own copy of
 * /etc/xrdp/sesman.ini (xrdp reads sesman's port only from there) and of /run/xrdp (xrdp's pid
 * file, which refuses a second xrdp, and the sockets xorgxrdp opens for xrdp). /run/xrdp is made when
 * missing: a fresh machine whose xrdp service never started has none to mount over.
 */
async function startNamespace(dir: string, sesmanIni: string): Promise<ChildProcess> {
  const run = path.join(dir, 'run');
  fs.mkdirSync(path.join(run, 'sockdir'), { recursive: true, mode: 0o1777 });
  fs.chmodSync(path.join(run, 'sockdir'), 0o1777);
  const script = `mkdir -p /run/xrdp && mount --bind ${sesmanIni} /etc/xrdp/sesman.ini && mount --bind ${run} /run/xrdp && exec sleep 3600`;
  const holder = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { stdio: 'ignore' });
  const mounted = () => {
    try {
      return fs.readFileSync(`/proc/${holder.pid}/mountinfo`, 'utf8').includes(run);
    } catch {
      return false;
    }
  };
  const ended = () => holder.exitCode !== null || holder.signalCode !== null;
  if (!(await waitUntil(() => mounted() || ended(), 5000)) || ended()) {
    await stopTree(holder);
    throw new Error(`unshare for xrdp's mount namespace failed (exit ${holder.exitCode})`);
  }
  return holder;
}

/** Runs `command` inside the holder's mount namespace, as a daemon listening on `port`. */
function startInside(holder: ChildProcess, name: string, port: number, command: string[]): Promise<Daemon> {
  const args = ['-t', String(holder.pid), '-m', '--', ...command];
  return startDaemon({ name, command: 'nsenter', args, port, readyWithinMs: 15_000 });
}

/** Whether something accepts on [::1]:`port` (sesman, built with IPv6, binds ::1 for 127.0.0.1). */
function acceptsOnIpv6Loopback(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '::1', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });
}

/** xrdp-sesman in the namespace, once it accepts on its port (bounded). */
async function startSesman(holder: ChildProcess, port: number, ini: string, log: string[]): Promise<ChildProcess> {
  const args = ['-t', String(holder.pid), '-m', '--', 'xrdp-sesman', '-n', '-c', ini];
  const sesman = spawn('nsenter', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) =>
    log.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => `sesman: ${l}`),
    );
  sesman.stdout.on('data', keep);
  sesman.stderr.on('data', keep);
  for (let tries = 0; tries < 100 && sesman.exitCode === null; tries++) {
    if (await acceptsOnIpv6Loopback(port)) return sesman;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopTree(sesman);
  throw new Error(`xrdp-sesman did not listen on [::1]:${port}:\n${log.join('\n')}`);
}

/** The account's home folder, from the password database. */
function homeOf(account: TestAccount): string {
  return execFileSync('getent', ['passwd', account.name]).toString().trim().split(':')[5] ?? '';
}

/** The account's session: zutty in its work folder, at the top left, with no window manager (focus follows the pointer). */
function writeStartWm(account: TestAccount): void {
  const script = path.join(homeOf(account), 'startwm.sh');
  fs.writeFileSync(script, `#!/bin/sh\ncd ${account.workDir}\nexec zutty -geometry 80x24\n`, { mode: 0o755 });
  fs.chownSync(script, account.uid, account.uid);
}

/** The displays of the account's Xorg servers (their `:N` argument), found through /proc. */
function sessionDisplays(uid: number): string[] {
  return pidsOfUid(uid).flatMap((pid) => {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return argv[0]?.endsWith('Xorg') ? argv.filter((arg) => /^:\d+$/.test(arg)) : [];
    } catch {
      return []; // Gone in between.
    }
  });
}

function screenSizeOf(account: TestAccount): { width: number; height: number } | null {
  const [display] = sessionDisplays(account.uid);
  if (!display) return null;
  const xauthority = path.join(homeOf(account), '.Xauthority');
  const out = execFileSync('xrandr', ['-display', display, '--current'], {
    env: { ...process.env, XAUTHORITY: xauthority },
    timeout: 5000,
  }).toString();
  const match = /current (\d+) x (\d+)/.exec(out);
  return match ? { width: Number(match[1]), height: Number(match[2]) } : null;
}

/** Copies of xrdp.ini and sesman.ini in `dir`: loopback ports, own log files, a display range of their own. */
function writeXrdpConfigs(dir: string, xrdpPort: number, sesmanPort: number, cert: { cert: string; key: string }) {
  const xrdpIni = path.join(dir, 'xrdp.ini');
  const sesmanIni = path.join(dir, 'sesman.ini');
  const logging = { EnableSyslog: 'false', LogLevel: 'INFO' };
  const xrdp = setIni(fs.readFileSync('/etc/xrdp/xrdp.ini', 'utf8'), {
    ...logging,
    port: `tcp://127.0.0.1:${xrdpPort}`,
    certificate: cert.cert,
    key_file: cert.key,
    LogFile: path.join(dir, 'xrdp.log'),
  });
  fs.writeFileSync(xrdpIni, xrdp);
  const sesman = setIni(fs.readFileSync('/etc/xrdp/sesman.ini', 'utf8'), {
    ...logging,
    ListenAddress: '127.0.0.1',
    ListenPort: String(sesmanPort),
    X11DisplayOffset: String(freeDisplay()),
    LogFile: path.join(dir, 'sesman.log'),
  });
  fs.writeFileSync(sesmanIni, sesman);
  return { xrdpIni, sesmanIni };
}

/**
 * xrdp and xrdp-sesman in the foreground on free loopback ports, with configs, logs and a fresh
 * self-signed certificate in a temp folder. The account logs in to an Xorg (xorgxrdp) session
 * running zutty. Sessions outlive their connections: stop() kills the account's processes too.
 */
export async function startXrdpTarget(account: TestAccount): Promise<XrdpTarget> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-xrdp-'));
  writeStartWm(account);
  const [xrdpPort, sesmanPort] = [await freePort(), await freePort()];
  let cert = writeSelfSigned(dir);
  const { xrdpIni, sesmanIni } = writeXrdpConfigs(dir, xrdpPort, sesmanPort, cert);
  const holder = await startNamespace(dir, sesmanIni);
  const daemons: Daemon[] = [];
  const log: string[] = [];
  const allLines = () => [
    ...log,
    ...daemons.flatMap((d) => d.log),
    ...logFile(dir, 'sesman.log'),
    ...logFile(dir, 'xrdp.log'),
  ];
  let sesman: ChildProcess | undefined;
  let stopped: string[] | undefined;
  const stop = async () => {
    stopped ??= allLines();
    const displays = sessionDisplays(account.uid);
    for (const daemon of daemons.splice(0)) await daemon.stop();
    if (sesman) await stopTree(sesman);
    await killSessions(account.uid);
    removeDisplayFiles(displays);
    await stopTree(holder);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const startXrdp = async () => {
    const xrdp = await startInside(holder, 'xrdp', xrdpPort, ['xrdp', '-n', '-c', xrdpIni]);
    daemons.push(xrdp);
  };
  try {
    sesman = await startSesman(holder, sesmanPort, sesmanIni, log);
    await startXrdp();
  } catch (error) {
    await stop();
    throw error;
  }
  const target: XrdpTarget = {
    port: xrdpPort,
    // Its own lines and its log files' (xrdp and sesman log to files), kept once it stops.
    get log() {
      return stopped ?? allLines();
    },
    certificateSha256: sha256Of(cert.cert),
    stop,
    screenSize: () => screenSizeOf(account),
    replaceCertificate: async () => {
      const old = daemons.pop();
      await old?.stop();
      fs.rmSync(path.join(dir, 'run', 'xrdp.pid'), { force: true });
      cert = writeSelfSigned(fs.mkdtempSync(path.join(dir, 'cert-')));
      fs.writeFileSync(
        xrdpIni,
        setIni(fs.readFileSync(xrdpIni, 'utf8'), { certificate: cert.cert, key_file: cert.key }),
      );
      await startXrdp();
      target.certificateSha256 = sha256Of(cert.cert);
    },
  };
  return target;
}

/** The lines of `dir`/`name`, each prefixed with the file's name; none once it is gone. */
function logFile(dir: string, name: string): string[] {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => `${name}: ${line}`);
}

/** SIGKILLs the account's processes (its Xorg, session, chansrv) a few rounds, bounded. */
async function killSessions(uid: number): Promise<void> {
  for (let round = 0; round < 3 && pidsOfUid(uid).some(alive); round++) {
    killPids(pidsOfUid(uid));
    await waitUntil(() => !pidsOfUid(uid).some(alive), 1000);
  }
}

/** Deletes the socket and lock file a killed Xorg leaves in /tmp for each display (`:N`). */
function removeDisplayFiles(displays: string[]): void {
  for (const n of displays.map((display) => display.slice(1))) {
    for (const file of [`/tmp/.X11-unix/X${n}`, `/tmp/.X${n}-lock`]) fs.rmSync(file, { force: true });
  }
}

/**
 * FreeRDP's shadow server sharing a fresh Xvfb display on a free loopback port, NLA only, the
 * account's password in a SAM file (winpr-hash). It makes its own self-signed certificate,
 * here under the temp folder (XDG_CONFIG_HOME/freerdp/shadow/shadow.crt).
 */
export async function startNlaTarget(account: TestAccount): Promise<RdpTarget & { repaint(): void }> {
  const { display, xvfb } = await startXvfb();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-nla-'));
  const cleanUp = async () => {
    await stopTree(xvfb);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Something to draw: a coloured root. The shadow server sends what changes, so repaint() once connected.
    const repaint = () =>
      execFileSync('xsetroot', ['-solid', `#${crypto.randomBytes(3).toString('hex')}`], {
        env: { ...process.env, DISPLAY: `:${display}` },
      });
    repaint();
    const sam = path.join(dir, 'sam');
    fs.writeFileSync(sam, execFileSync('winpr-hash', ['-u', account.name, '-p', account.password, '-f', 'sam']));
    const port = await freePort();
    const args = [`/port:${port}`, '/bind-address:127.0.0.1', '/sec:nla', `/sam-file:${sam}`];
    const env = { DISPLAY: `:${display}`, HOME: dir, XDG_CONFIG_HOME: dir };
    const shadow = await startDaemon({ name: 'freerdp-shadow-cli', command: 'freerdp-shadow-cli', args, port, env });
    const certFile = path.join(dir, 'freerdp', 'shadow', 'shadow.crt');
    if (!(await waitUntil(() => fs.existsSync(certFile), 5000))) {
      await shadow.stop();
      throw new Error(`freerdp-shadow-cli wrote no ${certFile}`);
    }
    return {
      port,
      log: shadow.log,
      certificateSha256: sha256Of(certFile),
      repaint,
      stop: () => shadow.stop().then(cleanUp),
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
