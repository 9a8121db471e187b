import { describe, expect, it } from 'vitest';
import { OpenPsmError } from '../../common/errors';
import { configGroups, loadConfig } from './loadConfig';

/** The one line a bad setting stops start-up with. */
function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env, '/srv');
  } catch (error) {
    expect(error).toBeInstanceOf(OpenPsmError);
    expect((error as OpenPsmError).code).toBe('CONFIG_INVALID');
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(env)} was accepted`);
}

describe('loadConfig', () => {
  it('gives every variable its default when none is set', () => {
    const config = loadConfig({}, '/srv');
    expect(config.app).toMatchObject({ dataDir: undefined, hostPort: 0, forceBrowserHost: false });
    expect(config.server).toMatchObject({
      host: '127.0.0.1',
      port: 4100,
      dataDir: '/srv/openpsm-data',
      publicUrl: undefined,
      guacd: { host: '127.0.0.1', port: 4822 },
      gatewayAllowedOrigins: [],
    });
    expect(config.server.recordings).toMatchObject({
      store: 'local',
      localDir: undefined,
      quarantineDir: undefined,
      timers: { settleMs: 2000, uploadRetryMs: 5000, uploadRetries: 5, quarantineRetryMs: 600_000 },
    });
    expect(config.server.demo).toEqual({
      password: undefined,
      secret: undefined,
      ssh: { host: '127.0.0.1', port: 22, user: 'deploy' },
    });
  });

  it("reads the app's folder, the host's port and the Electron switch", () => {
    expect(
      loadConfig({ OPENPSM_APP_DATA_DIR: '/home/a/psm', OPENPSM_HOST_PORT: '8080', OPENPSM_FORCE_BROWSER_HOST: '1' })
        .app,
    ).toMatchObject({ dataDir: '/home/a/psm', hostPort: 8080, forceBrowserHost: true });
  });

  it('counts an empty variable as unset', () => {
    expect(loadConfig({ OPENPSM_PORT: '', OPENPSM_AUTH_REQUESTS_PER_MINUTE: '' }, '/srv').server).toMatchObject({
      port: 4100,
      limits: { authRequestsPerMinute: 600 },
    });
  });

  it.each([
    [{ OPENPSM_PORT: 'http' }, 'OPENPSM_PORT must be a port number (0-65535), not "http".'],
    [{ OPENPSM_GUACD_PORT: '0' }, 'OPENPSM_GUACD_PORT must be a port number (1-65535), not "0".'],
    [{ OPENPSM_HOST_PORT: '70000' }, 'OPENPSM_HOST_PORT must be a port number (0-65535), not "70000".'],
    [{ OPENPSM_FORCE_BROWSER_HOST: 'yes' }, 'OPENPSM_FORCE_BROWSER_HOST must be 0 or 1, not "yes".'],
    [
      { OPENPSM_PUBLIC_URL: 'psm.example.com' },
      'OPENPSM_PUBLIC_URL must be an http:// or https:// URL, not "psm.example.com".',
    ],
    [
      { OPENPSM_DATABASE_URL: 'mysql://db/openpsm' },
      'OPENPSM_DATABASE_URL must be a postgres:// URL, not "mysql://db/openpsm".',
    ],
    [
      { OPENPSM_SESSION_TTL_SECONDS: '1.5' },
      'OPENPSM_SESSION_TTL_SECONDS must be a whole number of seconds (at least 1), not "1.5".',
    ],
    [
      { OPENPSM_GUACD_NOP_INTERVAL_MS: '0' },
      'OPENPSM_GUACD_NOP_INTERVAL_MS must be a whole number of milliseconds (at least 1), not "0".',
    ],
    [{ OPENPSM_UPLOAD_RETRIES: '-1' }, 'OPENPSM_UPLOAD_RETRIES must be a whole number (at least 0), not "-1".'],
    [{ OPENPSM_RECORDINGS_STORE: 'ftp' }, 'OPENPSM_RECORDINGS_STORE must be local, s3 or azure, not "ftp".'],
    [
      { OPENPSM_RECORDINGS_STORE: 'azure', OPENPSM_AZURE_CONNECTION_STRING_FILE: '/run/secrets/azure' },
      'OPENPSM_AZURE_CONTAINER must be set when OPENPSM_RECORDINGS_STORE is azure.',
    ],
    [
      { OPENPSM_WATCHER_QUEUE_BYTES: '99999999999999999999' },
      'OPENPSM_WATCHER_QUEUE_BYTES must be a whole number of bytes (at least 1024), not "99999999999999999999".',
    ],
  ])('stops at %o with one line naming the variable and what it accepts', (env, line) => {
    expect(refusal(env)).toBe(line);
  });

  it('names each variable once, across all groups', () => {
    const names = configGroups.flatMap(({ group }) => Object.keys(group.shape));
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((name) => /^OPENPSM_[A-Z0-9_]+$/.test(name))).toBe(true);
  });

  it('describes every variable', () => {
    for (const { group } of configGroups)
      for (const [name, entry] of Object.entries(group.shape))
        expect((entry as { description?: string }).description, name).toBeTruthy();
  });
});
