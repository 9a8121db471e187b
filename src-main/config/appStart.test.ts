import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@shared/node/logger';
import { createAppCore } from '../appCore';
import { MemorySecretStore } from '../secrets/secretStore';
import { loadAppStart } from './appStart';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-start-'));
const noShellDir = () => {
  throw new Error("the shell's folder was not expected");
};

describe("the app's start-up configuration", () => {
  it("keeps its data in OPENPSM_APP_DATA_DIR, owner-only, else in the shell's own folder", () => {
    const dir = path.join(tempDir(), 'app');
    expect(loadAppStart({ OPENPSM_APP_DATA_DIR: dir }, noShellDir).dataDir).toBe(dir);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const shell = tempDir();
    expect(loadAppStart({}, () => shell).dataDir).toBe(shell);
  });

  it('with --demo, hands the embedded control plane demo data aimed at OPENPSM_DEMO_SSH_*, and says who to sign in as', () => {
    const plain = loadAppStart({ OPENPSM_APP_DATA_DIR: tempDir() }, noShellDir, []);
    expect(plain.embeddedServer.demo).toBeUndefined();
    expect(plain.demoLine).toBeNull();
    const made = loadAppStart({ OPENPSM_APP_DATA_DIR: tempDir() }, noShellDir, ['--demo']);
    expect(made.embeddedServer.demo?.ssh).toEqual({ host: '127.0.0.1', port: 22, user: 'deploy' });
    expect(made.demoLine).toContain(`alice (administrator) with the password ${made.embeddedServer.demo?.password}`);
    const env = {
      OPENPSM_APP_DATA_DIR: tempDir(),
      OPENPSM_DEMO_PASSWORD: 'given-Password-1',
      OPENPSM_DEMO_SSH_PORT: '2222',
      OPENPSM_DEMO_SSH_USER: 'me',
    };
    const given = loadAppStart(env, noShellDir, ['--demo']);
    expect(given.embeddedServer.demo).toMatchObject({
      password: 'given-Password-1',
      ssh: { host: '127.0.0.1', port: 2222, user: 'me' },
    });
    expect(given.demoLine).not.toContain('given-Password-1');
  });

  it('refuses OPENPSM_DATA_DIR alone, which is the folder of `npm run server`, with one line naming both variables', () => {
    expect(() => loadAppStart({ OPENPSM_DATA_DIR: tempDir() }, noShellDir)).toThrow(
      /^OPENPSM_DATA_DIR is the folder of `npm run server`; set OPENPSM_APP_DATA_DIR for the app's folder\.$/,
    );
    expect(
      loadAppStart({ OPENPSM_DATA_DIR: '/srv/openpsm', OPENPSM_APP_DATA_DIR: tempDir() }, noShellDir).dataDir,
    ).not.toBe('/srv/openpsm');
  });

  it('stops at a bad variable of either section before anything starts', () => {
    expect(() =>
      loadAppStart({ OPENPSM_APP_DATA_DIR: tempDir(), OPENPSM_SIGN_IN_TIMEOUT_MS: 'soon' }, noShellDir),
    ).toThrow('OPENPSM_SIGN_IN_TIMEOUT_MS must be a whole number of milliseconds (at least 1), not "soon".');
    expect(() => loadAppStart({ OPENPSM_APP_DATA_DIR: tempDir(), OPENPSM_RECORDINGS_STORE: 's3' }, noShellDir)).toThrow(
      'OPENPSM_S3_BUCKET must be set when OPENPSM_RECORDINGS_STORE is s3.',
    );
  });

  it('gives the embedded control plane the server section, except where it listens, its folder and its keys', () => {
    const dir = tempDir();
    const env = {
      OPENPSM_APP_DATA_DIR: dir,
      OPENPSM_PORT: '4999',
      OPENPSM_DATABASE_URL: 'postgres://db/x',
      OPENPSM_SERVER_KEY_FILE: '/run/key',
      OPENPSM_UPLOAD_RETRY_MS: '1500',
      OPENPSM_FIRST_BACKOFF_SECONDS: '120',
      OPENPSM_TICKET_TTL_SECONDS: '7',
      OPENPSM_WATCHER_QUEUE_BYTES: '65536',
    };
    const { embeddedServer, timers } = loadAppStart(env, noShellDir);
    expect(embeddedServer).toMatchObject({
      watcherQueueBytes: 65536,
      timers: { ticketTtlSeconds: 7 },
      limits: { firstBackoffSeconds: 120 },
    });
    expect(embeddedServer.recordings).toEqual({
      store: { mode: 'local', dir: path.join(dir, 'server/recordings-store') },
      quarantineDir: path.join(dir, 'server/recordings-quarantine'),
      timers: { settleMs: 2000, uploadRetryMs: 1500, uploadRetries: 5, quarantineRetryMs: 600_000 },
    });
    expect(Object.keys(embeddedServer)).not.toEqual(expect.arrayContaining(['port']));
    for (const key of [
      'host',
      'port',
      'dataDir',
      'databaseUrl',
      'serverKeyFile',
      'gatewayKeyFile',
      'vaultPepperFile',
      'guacd',
      'publicUrl',
    ])
      expect(embeddedServer, key).not.toHaveProperty(key);
    expect(timers.backendHealthTimeoutMs).toBe(3000);
  });

  it('starts the embedded control plane with those settings: its request limit is the one the variables set', async () => {
    const { dataDir, timers, embeddedServer } = loadAppStart(
      { OPENPSM_APP_DATA_DIR: tempDir(), OPENPSM_AUTH_REQUEST_BURST: '1', OPENPSM_AUTH_REQUESTS_PER_MINUTE: '1' },
      noShellDir,
    );
    const core = createAppCore({
      dataDir,
      shell: 'browser-host',
      timers,
      embeddedServer,
      log: createLogger({ name: 'test', sink: () => undefined }),
      secrets: new MemorySecretStore(),
    });
    try {
      await core.ready;
      const reply = (await core.dispatcher.dispatch('app.getInfo', {})) as {
        result: { backend: { serverUrl: string } };
      };
      const query = new URLSearchParams({
        client_id: 'openpsm-desktop',
        redirect_uri: 'http://127.0.0.1:9/callback',
        response_type: 'code',
        scope: 'openid',
        code_challenge: crypto.randomBytes(32).toString('base64url'),
        code_challenge_method: 'S256',
      });
      const authorize = async () =>
        (await fetch(`${reply.result.backend.serverUrl}/auth?${query}`, { redirect: 'manual' })).status;
      expect(await authorize()).not.toBe(429);
      expect(await authorize()).toBe(429);
    } finally {
      await core.close();
    }
  });
});
