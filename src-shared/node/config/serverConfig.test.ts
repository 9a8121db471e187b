import { describe, expect, it } from 'vitest';
import { serverConfigFrom } from './loadConfig';
import { defaultGatewayAllowedOrigins } from './serverSettings';
import { serverTimerDefaults } from './serverTimers';

describe('server configuration', () => {
  it.each([
    ['accessTokenTtlSeconds', 600],
    ['refreshTokenTtlSeconds', 14 * 24 * 3600],
    ['interactionTtlSeconds', 600],
    ['sessionTtlSeconds', 24 * 3600],
    ['vaultLockoutSeconds', 60],
    ['ticketTtlSeconds', 60],
    ['gatewayHelloSeconds', 5],
    ['gatewayTokenCheckSeconds', 30],
    ['approvalTtlSeconds', 600],
    ['jitTimeoutSeconds', 20],
    ['liveWaitSeconds', 8],
    ['sessionEndWarningSeconds', 300],
    ['policyMinuteSeconds', 60],
    ['oneTimeCodeTtlSeconds', 72 * 3600],
    ['computerTestSeconds', 5],
    ['guacdHealthSeconds', 2],
    ['guacdHealthCacheSeconds', 5],
    ['reachabilityTimeoutMs', 1000],
    ['reachabilityCacheSeconds', 30],
    ['grantDefaultHours', 8],
    ['grantMaxHours', 90 * 24],
  ] as const)('pins the production default of %s', (name, value) => {
    expect(serverTimerDefaults[name]).toBe(value);
    expect(serverConfigFrom({}, '/srv').timers[name]).toBe(value);
  });

  it('reads the port, data folder, database URL, key file and shortened timers from OPENPSM_* variables', () => {
    const config = serverConfigFrom(
      {
        OPENPSM_PORT: '0',
        OPENPSM_DATA_DIR: 'data',
        OPENPSM_DATABASE_URL: 'postgres://db/openpsm',
        OPENPSM_SERVER_KEY_FILE: '/run/secrets/key',
        OPENPSM_VAULT_PEPPER_FILE: '/run/secrets/pepper',
        OPENPSM_ACCESS_TOKEN_TTL_SECONDS: '3',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      dataDir: '/srv/data',
      databaseUrl: 'postgres://db/openpsm',
      serverKeyFile: '/run/secrets/key',
      vaultPepperFile: '/run/secrets/pepper',
    });
    expect(config.timers.accessTokenTtlSeconds).toBe(3);
  });

  it("caps a watcher's queue at 8 MiB unless OPENPSM_WATCHER_QUEUE_BYTES says otherwise, and refuses a cap too small to hold a frame", () => {
    expect(serverConfigFrom({}, '/srv').watcherQueueBytes).toBe(8 * 1024 * 1024);
    expect(serverConfigFrom({ OPENPSM_WATCHER_QUEUE_BYTES: '65536' }, '/srv').watcherQueueBytes).toBe(65536);
    expect(() => serverConfigFrom({ OPENPSM_WATCHER_QUEUE_BYTES: '10' }, '/srv')).toThrow(
      /OPENPSM_WATCHER_QUEUE_BYTES/,
    );
  });

  it('allows no browser Origin on the gateway unless OPENPSM_GATEWAY_ALLOWED_ORIGINS lists some, and refuses anything but origins', () => {
    expect(defaultGatewayAllowedOrigins).toEqual([]);
    expect(serverConfigFrom({}, '/srv').gatewayAllowedOrigins).toEqual([]);
    expect(
      serverConfigFrom(
        { OPENPSM_GATEWAY_ALLOWED_ORIGINS: ' https://PSM.example.com , http://127.0.0.1:8080/,' },
        '/srv',
      ).gatewayAllowedOrigins,
    ).toEqual(['https://psm.example.com', 'http://127.0.0.1:8080']);
    for (const bad of [
      '*',
      'psm.example.com',
      'https://psm.example.com/app',
      'ftp://psm.example.com',
      'https://user@psm.example.com',
    ])
      expect(() => serverConfigFrom({ OPENPSM_GATEWAY_ALLOWED_ORIGINS: bad }, '/srv'), bad).toThrow(
        /OPENPSM_GATEWAY_ALLOWED_ORIGINS/,
      );
  });

  it('names the variable that is wrong', () => {
    expect(() => serverConfigFrom({ OPENPSM_PORT: 'http' }, '/')).toThrow(/OPENPSM_PORT/);
    expect(() => serverConfigFrom({ OPENPSM_ACCESS_TOKEN_TTL_SECONDS: '-1' }, '/')).toThrow(
      /OPENPSM_ACCESS_TOKEN_TTL_SECONDS/,
    );
  });
});
