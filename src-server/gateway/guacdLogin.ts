import { OpenPsmError } from '@shared/common/errors';
import type { TicketClaims } from '@shared/node/tickets/gatewayTicket';
import type { CredentialRepository } from '../db/credentials';
import type { JitService } from '../jit/jitService';

export interface GuacdLogin {
  /** guacd's connect values for the login: username with password or private-key. */
  values: Record<string, string>;
  /** What guacd may ask for again with `required`. */
  credentials: Record<string, string>;
  /** Ends what the login needs beyond the session (a JIT account); never rejects. */
  release(): Promise<unknown>;
  /** The shared credential and version used, recorded with the session (none for personal and JIT). */
  shared?: { credentialId: string; version: number };
}

const none = () => Promise.resolve();

/**
 * The login the gateway hands guacd, by the ticket's credential: the computer's shared one
 * at its current version (the access level's target account if it names one; read here, never sent to the desktop), the person's own (sealed in the ticket, never
 * stored), or a JIT account created for this session alone.
 */
export async function guacdLogin(
  deps: {
    credentials: Pick<CredentialRepository, 'current'>;
    jitAccounts: Pick<JitService, 'open' | 'close'>;
  },
  claims: TicketClaims,
  sessionId: string,
  who: string,
  /** The access level's target account: log in with the shared credential of that username (null: the default one). */
  targetAccount: string | null = null,
): Promise<GuacdLogin> {
  const credential = claims.credential;
  if (credential.kind === 'personal') {
    const { username, secret, kind } = credential.personal;
    return kind === 'private-key'
      ? { values: { username, 'private-key': secret }, credentials: { username }, release: none }
      : { values: { username, password: secret }, credentials: { username, password: secret }, release: none };
  }
  if (credential.kind === 'jit') {
    const { username, password } = await deps.jitAccounts.open(claims.computerId, sessionId, who);
    return {
      values: { username, password },
      credentials: { username, password },
      release: () => deps.jitAccounts.close(claims.computerId, username, who),
    };
  }
  const shared = await deps.credentials.current(claims.computerId, targetAccount);
  if (!shared) throw new OpenPsmError(targetAccount ? 'TARGET_ACCOUNT_MISSING' : 'NO_SHARED_CREDENTIAL');
  const { username, secret, passphrase } = shared;
  const used = { credentialId: shared.id, version: shared.version };
  if (shared.kind === 'key')
    return {
      values: { username, 'private-key': secret, ...(passphrase ? { passphrase } : {}) },
      credentials: { username },
      release: none,
      shared: used,
    };
  return {
    values: { username, password: secret },
    credentials: { username, password: secret },
    release: none,
    shared: used,
  };
}
