import type { Settings } from '@shared/common/api/settings';
import type { GuacdAddress } from '@shared/node/guacd/guacdConnection';

/**
 * guacd's address for the embedded control plane's gateway, read from Settings at each
 * connection: an address saved in Settings applies to the next session without restarting the
 * app (the gateway keeps this object and reads host, port and tls when it connects).
 */
export function liveGuacdAddress(settings: () => Settings): GuacdAddress {
  return {
    get host() {
      return settings().direct.guacd.host;
    },
    get port() {
      return settings().direct.guacd.port;
    },
    get tls() {
      const ca = settings().direct.guacd.tlsCa;
      return ca ? { ca } : undefined;
    },
  };
}
