import type { ServerStateRepository } from '../db/serverState';
import type { AttemptLimiter } from './attemptLimiter';

/** `npm run server -- unlock <username>`: clears every throttle of an account from the server's shell, audited. */
export async function unlockAccount(
  deps: { limiter: Pick<AttemptLimiter, 'clearAccount'>; state: Pick<ServerStateRepository, 'audit'> },
  username: string,
): Promise<string> {
  if (username.trim() === '') throw new Error('Name the account to unlock: npm run server -- unlock <username>.');
  const cleared = await deps.limiter.clearAccount(username);
  await deps.state.audit('(server shell)', 'throttle.clear', `${username} (all)`);
  return cleared === 0
    ? `${username} had no throttle in force; its counts start again.\n`
    : `Cleared ${cleared} throttle${cleared === 1 ? '' : 's'} of ${username}; it may sign in again now.\n`;
}
