import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { waitForPort } from './ports';

/** The parent pid and state of a process from /proc, or null when it is gone. */
function procStat(pid: number): { ppid: number; state: string } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name in parentheses may hold spaces: the fields after its last ')' are fixed.
    const [state = '', ppid = '0'] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(ppid), state };
  } catch {
    return null;
  }
}

function allPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Whether a process runs (a zombie, which only waits for its parent to reap it, does not). */
export function alive(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}

/** Every process below `pid` (children, their children…), found through /proc. */
export function descendants(pid: number): number[] {
  const parents = new Map(allPids().map((p) => [p, procStat(p)?.ppid ?? 0]));
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const [p, ppid] of parents) {
      if (ppid === parent && !found.includes(p)) {
        found.push(p);
        queue.push(p);
      }
    }
  }
  return found;
}

/** The processes that run as this uid (read from /proc/PID/status). */
export function pidsOfUid(uid: number): number[] {
  return allPids().filter((pid) => {
    try {
      const line = /^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      return Number(line?.[1]) === uid;
    } catch {
      return false;
    }
  });
}

/** SIGKILLs each pid that still runs, by its id. */
export function killPids(pids: number[]): void {
  for (const pid of pids) {
    if (!alive(pid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone in between.
    }
  }
}

/** Polls (bounded) until `done()`; true when it happened in time. */
export async function waitUntil(done: () => boolean, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return true;
}

/**
 * Stops a process and everything it started: SIGTERM, SIGKILL after `graceMs`, then SIGKILL
 * for whatever of its descendants (found before it stopped, or left behind) still runs.
 */
export async function stopTree(child: ChildProcess, known: number[] = [], graceMs = 5000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const below = [...new Set([...known, ...descendants(pid)])];
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  if (!exited()) {
    child.kill('SIGTERM');
    if (!(await waitUntil(exited, graceMs))) {
      child.kill('SIGKILL');
      await waitUntil(exited, 2000);
    }
  }
  killPids(below);
  await waitUntil(() => below.every((p) => !alive(p)), 2000);
}

export interface Daemon {
  child: ChildProcess;
  port: number;
  /** Its stdout and stderr lines so far, in the order they came. */
  log: string[];
  stop(): Promise<void>;
}

export interface DaemonSpec {
  name: string;
  command: string;
  args: string[];
  port: number;
  env?: Record<string, string>;
  readyWithinMs?: number;
}

/** Starts a server in the foreground and waits (bounded) until its port on 127.0.0.1 accepts. */
export async function startDaemon(spec: DaemonSpec): Promise<Daemon> {
  const child = spawn(spec.command, spec.args, {
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  let partial = '';
  const keep = (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    log.push(...lines);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('error', (error) => log.push(`${spec.name}: ${error.message}`));
  const failed = () => child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
  const why = () =>
    `${spec.name} did not listen on 127.0.0.1:${spec.port} (exit ${child.exitCode ?? child.signalCode}):\n${[...log, partial].join('\n')}`;
  try {
    await waitForPort(spec.port, { timeoutMs: spec.readyWithinMs ?? 15_000, failed, why });
  } catch (error) {
    await stopTree(child);
    throw error;
  }
  return { child, port: spec.port, log, stop: () => stopTree(child) };
}
