import type * as gateway from '@shared/common/api/gateway';
import type { CredentialKind } from '@shared/common/api/controlPlane/policies';
import type { PersonLevel } from '../db/catalog';
import type { CatalogTarget } from '../gateway/connectPolicy';

/** How the audit log names a session's target: the computer, then its policy in brackets. */
export const auditTarget = (t: { computerName: string; policyName: string }) => `${t.computerName} (${t.policyName})`;

/** The terms page's answer for a target: its policy's terms and settings, the chosen credential kind and level, and any approval. */
export const termsOf = (
  t: CatalogTarget,
  credentialKind: CredentialKind,
  level: PersonLevel | null,
  approval: string | null,
  /** The terms text of the revision the ticket is issued under (default: the target's, the current one). */
  text: string = t.terms,
): gateway.Terms => ({
  policyName: t.policyName,
  policyRevision: t.policyRevision,
  computerName: t.computerName,
  protocol: t.protocol,
  terms: text,
  recorded: t.recorded,
  liveMonitoring: t.liveMonitoring,
  disableCopy: t.disableCopy,
  disablePaste: t.disablePaste,
  credentialKind,
  accessLevel: level?.name ?? null,
  approval,
});
