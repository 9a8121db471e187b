import crypto from 'node:crypto';
import { loadConfig, type ServerConfig } from '@shared/node/config/loadConfig';
import { embeddedServerSettings } from '../backend/embeddedServerSettings';
import { makeDataDir, refuseServerDataDir } from '../dataDir';

/** A password a person can type: 4 groups of 5 letters and digits. */
function typeablePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const chars = [...crypto.randomBytes(20)].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{5}/g)?.join('-') ?? chars;
}

/** `--demo`'s data for the embedded control plane: the OPENPSM_DEMO_* settings, random passwords where unset. */
function demoFor(demo: ServerConfig['demo']) {
  return { ...demo, password: demo.password ?? typeablePassword(), secret: demo.secret ?? typeablePassword() };
}

/** The line `--demo` prints (stderr): who to sign in as, and the password when it was made up. */
export function demoLine(demo: { password: string }, passwordGiven: boolean): string {
  return `Demo: the built-in control plane gets demo people unless it has them already. Sign in as alice (administrator)${passwordGiven ? ' with OPENPSM_DEMO_PASSWORD' : ` with the password ${demo.password}`}.\n`;
}

/**
 * What both shells need at start: the app's folder (OPENPSM_APP_DATA_DIR, else the shell's
 * own), the host's port, the timers and the embedded control plane's settings (with `--demo`, its demo data). Throws a
 * CONFIG_INVALID, one line naming the bad variable, before anything starts.
 */
export function loadAppStart(
  env: Record<string, string | undefined>,
  shellDataDir: () => string,
  argv: readonly string[] = [],
) {
  refuseServerDataDir(env);
  const config = loadConfig(env);
  const dataDir = makeDataDir(config.app.dataDir ?? shellDataDir());
  const demo = argv.includes('--demo') ? demoFor(config.server.demo) : undefined;
  return {
    dataDir,
    hostPort: config.app.hostPort,
    timers: config.app.timers,
    embeddedServer: { ...embeddedServerSettings(config.server, dataDir), demo },
    /** `--demo`'s line for the person, or null without it. */
    demoLine: demo ? demoLine(demo, config.server.demo.password !== undefined) : null,
  };
}
