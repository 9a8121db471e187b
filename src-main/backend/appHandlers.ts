import pkg from '../../package.json';
import type { AppInfo } from '@shared/common/api/app';
import type { Handlers } from '../rpc/dispatcher';
import type { SecretStore } from '../secrets/secretStore';
import type { BackendMonitor } from './backendMonitor';

/** `app.*`: what the app is, where it runs and which backend it uses. */
export function appHandlers(deps: {
  shell: AppInfo['shell'];
  backend: Pick<BackendMonitor, 'state'>;
  secrets: Pick<SecretStore, 'kind'>;
}): Handlers['app'] {
  const { shell, backend, secrets } = deps;
  return {
    getInfo: () => ({
      name: pkg.productName,
      version: pkg.version,
      shell,
      backend: backend.state(),
      secretStore: secrets.kind,
    }),
  };
}
