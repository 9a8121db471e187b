import { configFromEnv } from './config';
import { randomPassword, seedDemo } from './demo';
import { openStore, resolveServerKey, startServer } from './index';
import { recordingSettingsFromEnv } from './recordings/recordingSettings';
import { AttemptLimiter } from './limits/attemptLimiter';
import { limitSettingsFromEnv } from './limits/limitSettings';
import { unlockAccount } from './limits/unlock';

/**
 * `npm run server` runs the control plane; `npm run server -- seed-demo` adds demo data;
 * `npm run server -- unlock <username>` clears an account's guessing backoffs.
 * Configuration comes from OPENPSM_* variables (README, "Server configuration").
 */
async function main(): Promise<void> {
  const config = configFromEnv(process.env, process.cwd());
  const command = process.argv[2];
  if (command === 'seed-demo') {
    const { key } = resolveServerKey(config);
    const store = await openStore(config, key);
    try {
      const given = process.env['OPENPSM_DEMO_PASSWORD'];
      const password = given ?? randomPassword();
      const result = await seedDemo(store, password, process.env['OPENPSM_DEMO_SECRET'] ?? randomPassword());
      if (!result.created) process.stdout.write('Demo data is already there; nothing changed.\n');
      else process.stdout.write(`Demo data added: ${result.usernames.join(', ')} (dave is disabled).${given ? '' : ` Their password: ${password}`}\n`);
    } finally {
      await store.close();
    }
    return;
  }
  if (command === 'unlock') {
    const store = await openStore(config, resolveServerKey(config).key);
    try {
      process.stdout.write(await unlockAccount({ limiter: new AttemptLimiter(store.db, store.dialect, limitSettingsFromEnv(process.env)), state: store.state }, process.argv[3] ?? ''));
    } finally {
      await store.close();
    }
    return;
  }
  if (command !== undefined) throw new Error(`Unknown command "${command}". Use no command to run the server, seed-demo, or unlock <username>.`);
  const running = await startServer({ host: config.host, port: config.port, dataDir: config.dataDir, databaseUrl: config.databaseUrl, serverKeyFile: config.serverKeyFile, vaultPepperFile: config.vaultPepperFile, gatewayKeyFile: config.gatewayKeyFile, guacd: config.guacd, recordingsDir: config.recordingsDir, recordings: recordingSettingsFromEnv(process.env, config.dataDir), watcherQueueBytes: config.watcherQueueBytes, limits: limitSettingsFromEnv(process.env), publicUrl: process.env['OPENPSM_PUBLIC_URL'], gatewayAllowedOrigins: config.gatewayAllowedOrigins, timers: config.timers });
  if (running.generatedKeyFile) process.stdout.write(`Generated a server key at ${running.generatedKeyFile}. On a shared server, provide your own with OPENPSM_SERVER_KEY_FILE.\n`);
  if (running.setupCode) process.stdout.write(`First run: open ${running.url}/setup and create the administrator with the one-time setup code ${running.setupCode}\n`);
  process.stdout.write(`OpenPSM server at ${running.url}\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`OpenPSM server could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
