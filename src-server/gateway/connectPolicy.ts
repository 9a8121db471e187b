import type { CatalogRepository } from '../db/catalog';
import type { CredentialRepository } from '../db/credentials';
import { HttpError } from '../http/router';

export type ConnectTarget = NonNullable<Awaited<ReturnType<CatalogRepository['connectTarget']>>>;

/**
 * The computer a default Connect may start a session on, checked afresh each time (terms,
 * ticket, gateway): the person reaches it under the policy, RDP is on, the policy needs no
 * choice, and a shared credential exists. Else a coded HttpError saying what to check.
 */
export async function connectableTarget(deps: { catalog: CatalogRepository; credentials: CredentialRepository; rdpProxyEnabled(): Promise<boolean> }, personId: string, policyId: string, computerId: string): Promise<ConnectTarget> {
  const target = await deps.catalog.connectTarget(personId, policyId, computerId);
  if (!target) throw new HttpError(403, 'RESOURCE_NOT_ALLOWED', 'No access request policy of yours gives you this computer. Ask an administrator to check the policy.');
  if (target.protocol === 'rdp' && !(await deps.rdpProxyEnabled())) throw new HttpError(409, 'RDP_PROXY_DISABLED', 'RDP sessions are switched off on this server (the RDP proxy setting is off). Ask an administrator to switch it on.');
  if (!target.credentialKinds.includes('shared') || target.mfaRequired) throw new HttpError(409, 'CONNECT_NEEDS_CHOICE', 'This policy needs a choice first (MFA, or a credential that is not shared). Use Advanced Mode.');
  if ((await deps.credentials.listFor(computerId)).length === 0) throw new HttpError(409, 'NO_SHARED_CREDENTIAL', 'This computer has no shared credential, so Connect cannot start a session. Use Advanced Mode with a personal credential, or ask an administrator to add one.');
  return target;
}
