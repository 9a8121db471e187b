import { OpenPsmError } from '@shared/common/errors';
import type { BackendMonitor } from '../backend/backendMonitor';
import type { Handlers } from '../rpc/dispatcher';
import type { TokenBroker } from './tokenBroker';

export interface AuthHandlerDeps {
  auth: Pick<TokenBroker, 'state' | 'beginSignIn' | 'signOut' | 'setNeedsSetup'>;
  backend: Pick<BackendMonitor, 'state' | 'embeddedServer'>;
  /** Opens a URL in the system browser (desktop shell); absent in the browser host, where the renderer opens it. */
  openExternal?: ((url: string) => Promise<void>) | undefined;
  /** Called once the embedded control plane has its first administrator. */
  onSetUp(): void;
}

/** `auth.*`: sign-in to the control plane in use, and the embedded control plane's first administrator. */
export function authHandlers(deps: AuthHandlerDeps): Handlers['auth'] {
  const { auth, backend, openExternal } = deps;
  return {
    getState: () => auth.state(),
    signIn: async ({ loginHint }) => {
      const authorizationUrl = await auth.beginSignIn(loginHint);
      if (!openExternal) return { authorizationUrl, opened: false };
      await openExternal(authorizationUrl);
      return { authorizationUrl, opened: true };
    },
    signOut: () => auth.signOut(),
    setUp: async (input) => {
      const embedded = backend.embeddedServer();
      if (!embedded?.setup || backend.state().mode !== 'embedded') throw new OpenPsmError('SETUP_CLOSED');
      const result = await embedded.setup(input);
      if (!('ok' in result))
        throw new OpenPsmError(result.code === 'BAD_REQUEST' ? 'INVALID_PARAMS' : 'SETUP_CLOSED', {
          message: result.fields ? result.fields.map((f) => `${f.path} ${f.message}`).join('; ') : result.message,
          path: result.fields?.[0]?.path,
        });
      deps.onSetUp();
      auth.setNeedsSetup(false);
      return auth.state();
    },
  };
}
