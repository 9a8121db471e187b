import type { Logger } from '@shared/node/logger';
import type { ServerTimers } from '../config';
import type { Store } from '../db/openStore';
import type { Guards } from '../limits/guards';
import type { ServerKey } from '../secrets/serverKey';
import { Federation } from './federation';
import { Setup } from './setupPage';
import { MfaFlow } from './mfaFlow';
import { SignInModules } from './signInModules';

/** The sign-in services the front handler routes to: first-administrator setup, MFA, sign-in modules, federation. */
export function createSignInServices(deps: {
  store: Store;
  limiter: Guards['limiter'];
  key: ServerKey;
  timers: ServerTimers;
  publicUrl: () => string;
  log: Logger;
}) {
  const { store, limiter, key, timers, log } = deps;
  const setup = new Setup({ persons: store.persons, state: store.state, log });
  const mfa = new MfaFlow({
    mfa: store.mfa,
    state: store.state,
    log,
    limiter,
    ttlMs: timers.interactionTtlSeconds * 1000,
  });
  const modules = new SignInModules(store.state, key);
  const federation = new Federation({
    modules,
    persons: store.persons,
    log,
    publicUrl: deps.publicUrl,
    ttlMs: timers.interactionTtlSeconds * 1000,
  });
  return { setup, mfa, modules, federation };
}
