import { describe, expect, it } from 'vitest';
import type { Settings } from '@shared/common/api/settings';
import { defaultSettings } from '../settings/settingsFile';
import { liveGuacdAddress } from './embeddedGuacd';

describe("the embedded gateway's guacd address", () => {
  it('follows Settings: an address saved after start is the one the next connection uses', () => {
    let current: Settings = defaultSettings;
    const address = liveGuacdAddress(() => current);
    expect({ host: address.host, port: address.port, tls: address.tls }).toEqual({
      host: '127.0.0.1',
      port: 4822,
      tls: undefined,
    });
    current = {
      ...defaultSettings,
      direct: { ...defaultSettings.direct, guacd: { host: '10.0.0.5', port: 4823, tlsCa: 'PEM' } },
    };
    expect({ host: address.host, port: address.port, tls: address.tls }).toEqual({
      host: '10.0.0.5',
      port: 4823,
      tls: { ca: 'PEM' },
    });
  });
});
