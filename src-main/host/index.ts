import { fileURLToPath } from 'node:url';
import { createLogger } from '@shared/node/logger';
import { createAppCore } from '../appCore';
import { loadAppStart } from '../config/appStart';
import { fileLogSink, hostDataDir } from '../dataDir';
import { startOnRememberedPort } from '../backend/embeddedPort';
import { startHostServer } from './hostServer';

/**
 * The browser host's entry: the same services as the desktop app, served to a browser
 * on 127.0.0.1, on the port of its last launch when that one is free. Prints exactly one line
 * on stdout, the launch URL (and with `--demo`, on stderr, who to sign in as).
 */
async function main(): Promise<void> {
  const start = loadAppStart(process.env, () => hostDataDir(process.env), process.argv.slice(2));
  const { dataDir, hostPort, timers, embeddedServer } = start;
  const log = createLogger({ name: 'host', sink: fileLogSink(dataDir) });
  if (start.demoLine) process.stderr.write(start.demoLine);
  const core = createAppCore({ dataDir, shell: 'browser-host', timers, embeddedServer, log });
  const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
  const listen = async (port: number) => {
    const started = await startHostServer({ rendererDir, core, log, port });
    return Object.assign(started, { url: `http://127.0.0.1:${started.port}` });
  };
  // OPENPSM_HOST_PORT wins; unset, the host listens where it did last time when that port is free.
  const host = hostPort === 0 ? await startOnRememberedPort(dataDir, listen, log, 'host') : await listen(hostPort);
  log.info('host.started', { port: host.port, dataDir });
  process.stdout.write(`OpenPSM is running at ${host.launchUrl}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void Promise.all([host.close(), core.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Benchmarks start the host with --expose-gc and ask for a collection before reading its memory.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) process.on('SIGUSR2', () => gc());
}

main().catch((error: unknown) => {
  process.stderr.write(`OpenPSM could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
