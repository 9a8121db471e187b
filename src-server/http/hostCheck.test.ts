import { describe, expect, it } from 'vitest';
import { configuredHosts, isConfiguredHost } from './hostCheck';

describe("the control plane's Host names", () => {
  it.each([
    [
      'http://127.0.0.1:4100',
      4100,
      ['127.0.0.1:4100', 'localhost:4100'],
      ['127.0.0.1', 'localhost', '127.0.0.1:4101', 'evil.example:4100'],
    ],
    [
      'https://psm.example.com',
      4100,
      ['psm.example.com', 'PSM.example.com', 'psm.example.com:443', '127.0.0.1:4100', 'localhost:4100'],
      ['psm.example.com:4100', 'psm.example.com.evil.test', 'rebind.example'],
    ],
    [
      'https://psm.example.com:8443/',
      4100,
      ['psm.example.com:8443', '127.0.0.1:4100'],
      ['psm.example.com', 'psm.example.com:443'],
    ],
    ['http://[::1]:4100', 4100, ['[::1]:4100', 'localhost:4100'], ['[::1]', '::1']],
  ])('with public URL %s on port %d', (publicUrl, port, accepted, refused) => {
    const hosts = configuredHosts(publicUrl, port);
    for (const host of accepted) expect(isConfiguredHost(host, hosts), host).toBe(true);
    for (const host of refused) expect(isConfiguredHost(host, hosts), host).toBe(false);
    expect(isConfiguredHost(undefined, hosts)).toBe(false);
  });
});
