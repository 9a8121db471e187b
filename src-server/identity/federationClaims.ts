import type { Role } from '@shared/common/api/controlPlane/basics';
import type { OidcFederationConfig } from '@shared/common/api/controlPlane/federation';

export interface FederatedIdentity {
  /** The search claim's value: who the person is in OpenPSM. */
  id: string;
  displayName: string;
  roles: Role[];
  /** The groups claim's values (directory groups map OpenPSM groups to them). */
  groups: string[];
}

/**
 * Who a federated sign-in is, from the issuer's claims. The ID token's claims win over
 * userinfo's (the ID token is signed by the issuer and bound to this sign-in by its nonce), and
 * an `email` search claim counts only when the issuer says it verified the address
 * (`email_verified: true`): an unverified address may belong to someone else.
 */
export function federatedIdentity(
  settings: OidcFederationConfig,
  idToken: Record<string, unknown>,
  userinfo: Record<string, unknown>,
): FederatedIdentity | { error: string } {
  const claims: Record<string, unknown> = { ...userinfo, ...idToken };
  const id = claims[settings.searchClaim];
  if (typeof id !== 'string' || id.trim() === '')
    return {
      error: `${settings.name} did not send the "${settings.searchClaim}" claim that identifies you in OpenPSM. Ask an administrator to check the federation settings.`,
    };
  if (settings.searchClaim === 'email' && claims['email_verified'] !== true)
    return {
      error: `${settings.name} has not verified your email address, so OpenPSM cannot sign you in by it. Verify the address at ${settings.name}, or ask an administrator.`,
    };
  const groups =
    settings.groupsClaim && Array.isArray(claims[settings.groupsClaim])
      ? (claims[settings.groupsClaim] as unknown[]).map(String)
      : [];
  const roles = [...new Set(settings.groupRoles.filter((m) => groups.includes(m.group)).map((m) => m.role))];
  const displayName = typeof claims['name'] === 'string' && claims['name'] ? claims['name'] : id;
  return { id, displayName, roles, groups };
}
