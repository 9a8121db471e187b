import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJsonLines } from './jsonLines';

export const root = path.resolve(import.meta.dirname, '../..');

export interface Started {
  child: ChildProcess;
  /** The first stdout line that matched. */
  line: string;
  stdout: string[];
  stderr: string[];
  stop(): Promise<void>;
}

/**
 * Starts a Node process and waits (bounded) for a stdout line matching `ready`.
 * The process is killed by `stop()`, and on timeout.
 */
export function startNode(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 15_000,
): Promise<Started> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(
        new Error(
          `${args.join(' ')} printed no line matching ${ready} within ${timeoutMs} ms.\nstdout: ${stdout.join('\n')}\nstderr: ${stderr.join('\n')}`,
        ),
      );
    }, timeoutMs);
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        stdout.push(line);
        if (ready.test(line)) {
          clearTimeout(timer);
          resolve({ child, line, stdout, stderr, stop });
        }
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(...chunk.toString().split('\n').filter(Boolean)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code} before it was ready.\nstderr: ${stderr.join('\n')}`));
    });
  });
}

export const launchLine = /^OpenPSM is running at (http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+))$/;

export interface Host extends Started {
  url: string;
  port: number;
  secret: string;
  dataDir: string;
}

/** A fresh data folder under the system temp dir. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-e2e-'));
}

/** Starts the built browser host on a fresh data folder (or the given one). */
export async function startHost(env: Record<string, string> = {}, dataDir = tempDataDir()): Promise<Host> {
  const started = await startNode(
    [path.join(root, 'out/main/host.js')],
    { OPENPSM_APP_DATA_DIR: dataDir, ...env },
    launchLine,
  );
  const match = launchLine.exec(started.line);
  if (!match?.[1] || !match[2] || !match[3]) throw new Error(`Unexpected launch line: ${started.line}`);
  return { ...started, url: match[1], port: Number(match[2]), secret: match[3], dataDir };
}

/** Starts the standalone control plane (`npm run server`'s entry) on a free port and a fresh (or given) data folder. */
export async function startControlPlane(
  env: Record<string, string> = {},
  dataDir = tempDataDir(),
): Promise<Started & { url: string; dataDir: string }> {
  const started = await startNode(
    [path.join(root, 'out/main/server.js')],
    { OPENPSM_PORT: '0', OPENPSM_DATA_DIR: dataDir, ...env },
    /^OpenPSM server at (http:\/\/\S+)$/,
  );
  return { ...started, url: started.line.replace('OpenPSM server at ', ''), dataDir };
}

export interface DoubleProcess extends Started {
  port: number;
  log: string;
  /** Every JSON line the double logged so far. */
  entries(): Record<string, unknown>[];
}

/** Starts the built guacd double as its own process with a received-instruction log. */
export async function startDoubleProcess(args: string[] = [], dir = tempDataDir()): Promise<DoubleProcess> {
  const log = path.join(dir, 'double.jsonl');
  const started = await startNode(
    [path.join(root, 'out/tools/guacd-double.js'), '--port', '0', '--log', log, ...args],
    {},
    /listening on 127\.0\.0\.1:(\d+)/,
  );
  const port = Number(/:(\d+)/.exec(started.line)?.[1]);
  const entries = () => readJsonLines(log);
  return { ...started, port, log, entries };
}

/** Writes a settings file for direct mode against a guacd at `port`, as an older launch would have left it. */
export function seedDirectMode(dataDir: string, port: number, tlsCa: string | null = null): void {
  fs.writeFileSync(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({
      schemaVersion: 2,
      backend: { mode: 'direct', serverUrl: null },
      logLevel: 'info',
      direct: { guacd: { host: '127.0.0.1', port, tlsCa }, computers: [] },
    }),
  );
}

/** A guacd double and a browser host in direct mode against it: what every session test starts with. */
export async function startDirectMode(
  doubleArgs: string[] = [],
): Promise<{ double: DoubleProcess; host: Host; stop(): Promise<void> }> {
  const double = await startDoubleProcess(doubleArgs);
  const dataDir = tempDataDir();
  seedDirectMode(dataDir, double.port);
  try {
    const host = await startHost({}, dataDir);
    return {
      double,
      host,
      stop: async () => {
        double.child.kill('SIGCONT');
        await host.stop();
        await double.stop();
      },
    };
  } catch (error) {
    await double.stop();
    throw error;
  }
}
