import { OpenPsmError } from '@shared/common/errors';
import type { Logger } from '@shared/node/logger';
import type { JitRepository } from '../db/jitAccounts';
import type { ServerStateRepository } from '../db/serverState';
import { newJitAccount, type JitAccount, type Provisioner } from './linuxSshProvisioner';

export interface JitServiceDeps {
  jit: Pick<JitRepository, 'provisioner' | 'planned' | 'removed' | 'failed' | 'leftovers'>;
  computers: { hostOf(computerId: string, evenDeleted?: boolean): Promise<string | null> };
  provisioner: Provisioner;
  state: Pick<ServerStateRepository, 'audit'>;
  log: Pick<Logger, 'info' | 'warn'>;
}

/**
 * JIT accounts for sessions: one per session, recorded before it is created, removed when the
 * session ends (or fails to start). An account whose removal failed, or that a stopped server
 * left behind, is removed by `sweep` (at the next start).
 */
export class JitService {
  constructor(private readonly deps: JitServiceDeps) {}

  /**
   * Creates the session's account; JIT_PROVISIONING_FAILED when it cannot. What failed (the
   * target's stderr, SSH errors) goes to the log and the audit only, never to the person.
   */
  async open(computerId: string, sessionId: string, who: string): Promise<JitAccount> {
    const { jit, state, log } = this.deps;
    const [config, host] = await Promise.all([jit.provisioner(computerId), this.deps.computers.hostOf(computerId)]);
    if (!config || !host)
      throw new OpenPsmError('JIT_PROVISIONING_FAILED', {
        message:
          'This computer has no provisioning account set (account store configuration), so no JIT account can be created.',
      });
    const account = newJitAccount();
    await jit.planned(account.username, computerId, sessionId);
    try {
      await this.deps.provisioner.create(host, config, account);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      await jit.failed(account.username, why);
      log.warn('jit.create_failed', { computerId, error: why });
      await state.audit(who, 'jit.create_failed', `${account.username}: ${why.slice(0, 200)}`);
      // Half-made accounts are cleaned up like any other.
      void this.close(computerId, account.username, who);
      throw new OpenPsmError('JIT_PROVISIONING_FAILED');
    }
    await state.audit(who, 'jit.create', account.username);
    log.info('jit.created', { computerId, username: account.username });
    return account;
  }

  /** Removes an account; a failure is kept (and audited) for the next sweep. Never throws. */
  async close(computerId: string, username: string, who: string): Promise<boolean> {
    const { jit, state, log } = this.deps;
    try {
      // A deleted computer's leftover accounts are still removed: its host and provisioning account stay until then.
      const [config, host] = await Promise.all([
        jit.provisioner(computerId),
        this.deps.computers.hostOf(computerId, true),
      ]);
      if (!config || !host) throw new Error('the computer or its provisioning account is gone');
      await this.deps.provisioner.remove(host, config, username);
      await jit.removed(username);
      await state.audit(who, 'jit.remove', username);
      log.info('jit.removed', { computerId, username });
      return true;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      log.warn('jit.remove_failed', { computerId, username, error: why });
      await jit.failed(username, why).catch(() => undefined);
      await state.audit(who, 'jit.remove_failed', `${username}: ${why.slice(0, 200)}`).catch(() => undefined);
      return false;
    }
  }

  /** Removes every account not yet removed; returns how many are still left. */
  async sweep(): Promise<number> {
    let left = 0;
    for (const account of await this.deps.jit.leftovers())
      if (!(await this.close(account.computerId, account.username, 'jit-sweep'))) left += 1;
    return left;
  }
}
