import { fileURLToPath } from 'node:url';
import { createLogger } from '@shared/node/logger';
import { createAppCore } from '../appCore';
import { loadAppStart } from '../config/appStart';
import { fileLogSink, hostDataDir } from '../dataDir';
import { startHostServer } from './hostServer';

/**
 * The browser host's entry: the same services as the desktop app, served to a browser
 * on 127.0.0.1. Prints exactly one line on stdout, the launch URL.
 */
async function main(): Promise<void> {
  const { dataDir, hostPort: port, timers, embeddedServer } = loadAppStart(process.env, () => hostDataDir(process.env));
  const log = createLogger({ name: 'host', sink: fileLogSink(dataDir) });
  const core = createAppCore({ dataDir, shell: 'browser-host', timers, embeddedServer, log });
  const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
  const host = await startHostServer({ rendererDir, core, log, port });
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
