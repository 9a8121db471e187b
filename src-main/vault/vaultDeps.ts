import type { Me } from '@shared/common/api/controlPlane/persons';
import type { ControlPlaneCaller } from '@shared/common/api/controlPlane/route';
import { OpenPsmError } from '@shared/common/errors';
import type { Logger } from '@shared/node/logger';
import type { SecretStore } from '../secrets/secretStore';
import type { MainClipboard } from './secretClipboard';
import type { SystemEvents } from './systemEvents';
import type { VaultCacheStore } from './vaultCache';
import type * as vc from './vaultCrypto';

/** The control-plane calls the vault makes (IamClient). */
export type VaultApi = ControlPlaneCaller;

export interface VaultServiceDeps {
  api: VaultApi;
  /** Who is signed in, on which control plane (null when none is in use). */
  identity(): { person: Me | null; serverUrl: string | null };
  /** Whether the control plane answers now, asked when nobody is signed in. */
  serverAnswers(serverUrl: string): Promise<boolean>;
  cache: VaultCacheStore;
  secrets: SecretStore;
  systemEvents: SystemEvents;
  clipboard?: MainClipboard;
  /** The user's settings, read at each use. */
  settings(): { idleLockSeconds: number; clipboardClearSeconds: number };
  timers: { vaultUnlockBackoffMs: number; vaultSyncRetryMs: number };
  kdfCost?: vc.KdfCost;
  log: Pick<Logger, 'info' | 'warn'>;
  now?: () => number;
}

/** The keys of an open vault. */
export interface OpenVault {
  vaultKey: Buffer;
  keys: vc.PasswordKeys;
}

const offlineCodes = new Set(['SERVER_UNREACHABLE', 'NOT_SIGNED_IN', 'SIGN_IN_REVOKED', 'NO_BACKEND']);
/** True when the error says the control plane cannot be used now (the vault then works offline). */
export const isOffline = (error: unknown) => error instanceof OpenPsmError && offlineCodes.has(error.code);
export const code = (error: unknown) => (error instanceof OpenPsmError ? error.code : null);
/** Overwrites keys in memory with zeros. */
export const wipe = (open: OpenVault) => [open.vaultKey, open.keys.encKey, open.keys.authKey].forEach((b) => b.fill(0));
export const wipeKeys = (keys: vc.PasswordKeys) => wipe({ vaultKey: Buffer.alloc(0), keys });
