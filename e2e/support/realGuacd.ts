import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { descendants, killPids, startDaemon, type Daemon } from './daemons';
import { freePort } from './ports';
import { root } from './processes';

export type GuacdVersion = '1.6.0' | '1.5.5';

export interface RealGuacd {
  version: GuacdVersion;
  port: number;
  pid: number;
  /** guacd's log lines so far (it logs to stderr in the foreground). */
  log(): string[];
  /** SIGKILLs guacd's main process only, as a crash would; its connection processes are left to end on their own. */
  kill(): void;
  /** SIGTERM, SIGKILL after a bounded wait, then SIGKILL for any connection process still running. */
  stop(): Promise<void>;
}

/**
 * The guacd binary scripts/build-guacd.sh built (the last line it prints). A cached build
 * makes this a no-op; a machine without one builds it here, which takes minutes.
 */
const binaries = new Map<GuacdVersion, string>();

export function guacdBinary(version: GuacdVersion): string {
  const known = binaries.get(version);
  if (known) return known;
  const out = execFileSync('bash', [path.join(root, 'scripts/build-guacd.sh'), version], {
    cwd: root,
    timeout: 20 * 60_000,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const binary = out.toString('utf8').trim().split('\n').at(-1) ?? '';
  if (!binary.endsWith('/sbin/guacd'))
    throw new Error(`build-guacd.sh ${version} printed no guacd path: ${out.toString('utf8')}`);
  binaries.set(version, binary);
  return binary;
}

/**
 * Real Apache guacd in the foreground on a free loopback port, with its build's lib folder on
 * LD_LIBRARY_PATH (where it finds its protocol plugins), as scripts/guacd.sh runs it.
 */
export async function startRealGuacd(
  version: GuacdVersion = '1.6.0',
  level: 'debug' | 'info' = 'debug',
): Promise<RealGuacd> {
  const binary = guacdBinary(version);
  const lib = path.join(path.dirname(path.dirname(binary)), 'lib');
  const port = await freePort();
  const daemon: Daemon = await startDaemon({
    name: `guacd ${version}`,
    command: binary,
    args: ['-f', '-b', '127.0.0.1', '-l', String(port), '-L', level],
    port,
    env: { LD_LIBRARY_PATH: lib },
  });
  const pid = daemon.child.pid ?? 0;
  // Connection processes seen before a kill: stop() ends them even once they are orphans.
  const orphans: number[] = [];
  return {
    version,
    port,
    pid,
    log: () => daemon.log,
    kill: () => {
      orphans.push(...descendants(pid));
      daemon.child.kill('SIGKILL');
    },
    stop: async () => {
      await daemon.stop();
      killPids(orphans);
    },
  };
}
