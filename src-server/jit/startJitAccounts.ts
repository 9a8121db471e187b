import type { Logger } from '@shared/node/logger';
import type { ServerTimers } from '../config';
import type { Store } from '../db/openStore';
import { JitService } from './jitService';
import { LinuxSshProvisioner } from './linuxSshProvisioner';

/** The JIT account service, and the background sweep of accounts a previous run left behind (`sweeping` settles when done). */
export function startJitAccounts(deps: { store: Store; timers: ServerTimers; log: Logger }) {
  const { store, timers, log } = deps;
  const jitAccounts = new JitService({
    jit: store.jit,
    computers: store.catalog,
    provisioner: new LinuxSshProvisioner(timers.jitTimeoutSeconds * 1000),
    state: store.state,
    log,
  });
  // JIT accounts a previous run could not remove (or left when it stopped) go now, in the background.
  const sweeping = jitAccounts.sweep().then(
    (left) => left > 0 && log.warn('jit.sweep_left', { left }),
    (error: unknown) => log.warn('jit.sweep_failed', { error: error instanceof Error ? error.message : String(error) }),
  );
  return { jitAccounts, sweeping };
}
