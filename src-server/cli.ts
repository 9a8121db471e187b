import { loadConfig, type ServerConfig } from '@shared/node/config/loadConfig';
import { recordingSettingsFrom } from '@shared/node/config/recordings';
import { tcpReachable } from '@shared/node/net/reachability';
import { createApiKey, readApiKeyArgs } from './apiKeyCommand';
import { randomPassword, seedDemo } from './demo';
import { openStore, resolveServerKey, startServer } from './index';
import { AttemptLimiter } from './limits/attemptLimiter';
import { unlockAccount } from './limits/unlock';
import { currentRuntime, nativeModuleProblem } from '@shared/node/nativeModuleProblem';

/** `seed-demo`: demo people, groups, computers and policies; prints the password when it made one. */
async function seedDemoCommand(config: ServerConfig): Promise<void> {
  const store = await openStore(config, resolveServerKey(config).key);
  try {
    const password = config.demo.password ?? randomPassword();
    const result = await seedDemo(store, password, config.demo.secret ?? randomPassword(), config.demo);
    if (!result.created) process.stdout.write('Demo data is already there; nothing changed.\n');
    else
      process.stdout.write(
        `Demo data added to ${config.dataDir}: ${result.usernames.join(', ')} (dave is disabled).${config.demo.password ? '' : ` Their password: ${password}`}\n` +
          `The SSH computers point at ${config.demo.ssh.host}:${config.demo.ssh.port}${await sshdNote(config.demo.ssh)}. This is the data of \`npm run server\`; for the app's built-in control plane, start the app with \`npm start -- --demo\`.\n`,
      );
  } finally {
    await store.close();
  }
}

/** Whether an sshd answers where the demo's SSH computers point, in a few words. */
async function sshdNote(ssh: { host: string; port: number }): Promise<string> {
  return (await tcpReachable(ssh.host, ssh.port, 1000)) === 'reachable'
    ? ' (it answers)'
    : ' (nothing answers there now: start sshd, or set OPENPSM_DEMO_SSH_HOST and OPENPSM_DEMO_SSH_PORT)';
}

/** `unlock <username>`: clears an account's guessing throttles. */
async function unlockCommand(config: ServerConfig, username: string): Promise<void> {
  const store = await openStore(config, resolveServerKey(config).key);
  try {
    process.stdout.write(
      await unlockAccount(
        { limiter: new AttemptLimiter(store.db, store.dialect, config.limits), state: store.state },
        username,
      ),
    );
  } finally {
    await store.close();
  }
}

/** `api-key create --name ci --role administrator`: a service account and its first API key, printed once. */
async function apiKeyCommand(config: ServerConfig, args: string[]): Promise<void> {
  const input = readApiKeyArgs(args);
  const store = await openStore(config, resolveServerKey(config).key);
  try {
    process.stdout.write(await createApiKey(store, input));
  } finally {
    await store.close();
  }
}

async function serve(config: ServerConfig): Promise<void> {
  const running = await startServer({
    ...config,
    // The demo is added by `seed-demo` only, never by a plain start.
    demo: undefined,
    recordings: recordingSettingsFrom(config.recordings, config.dataDir),
  });
  if (running.generatedKeyFile)
    process.stdout.write(
      `Generated a server key at ${running.generatedKeyFile}. On a shared server, provide your own with OPENPSM_SERVER_KEY_FILE.\n`,
    );
  if (running.setupCode)
    process.stdout.write(
      `First run: open ${running.url}/setup and create the administrator with the one-time setup code ${running.setupCode}\n`,
    );
  const guacd = await running.guacdHealth();
  process.stdout.write(
    guacd.status === 'reachable'
      ? `${guacd.detail}\n`
      : `${guacd.detail} Sessions need it: start guacd (docker run -p 127.0.0.1:4822:4822 guacamole/guacd), or set OPENPSM_GUACD_HOST and OPENPSM_GUACD_PORT to where it runs.\n`,
  );
  process.stdout.write(`OpenPSM server at ${running.url}\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * `npm run server` runs the control plane; `npm run server -- seed-demo` adds demo data;
 * `npm run server -- unlock <username>` clears an account's guessing throttles;
 * `npm run server -- api-key create --name ci --role administrator` prints a service account's first API key.
 * Configuration comes from OPENPSM_* variables (README, "Server configuration").
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env).server;
  const command = process.argv[2];
  if (command === 'seed-demo') return seedDemoCommand(config);
  if (command === 'unlock') return unlockCommand(config, process.argv[3] ?? '');
  if (command === 'api-key') return apiKeyCommand(config, process.argv.slice(3));
  if (command !== undefined)
    throw new Error(
      `Unknown command "${command}". Use no command to run the server, seed-demo, unlock <username>, or api-key create.`,
    );
  return serve(config);
}

main().catch((error: unknown) => {
  const plain = nativeModuleProblem(error, currentRuntime());
  process.stderr.write(
    `OpenPSM server could not start: ${plain ?? (error instanceof Error ? error.message : String(error))}\n`,
  );
  process.exit(1);
});
