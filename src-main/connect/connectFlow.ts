import type { AdvancedUiChoices, AuthState, StartLinkView } from '@shared/common/api/auth';
import type { RouteInput } from '@shared/common/api/controlPlane/route';
import { sessionsApi } from '@shared/common/api/controlPlane/sessions';
import type { Terms } from '@shared/common/api/gateway';
import type { Screen } from '@shared/common/api/sessions';
import { OpenPsmError } from '@shared/common/errors';
import { parseStartLink } from '@shared/common/startLink';
import type { Logger } from '@shared/node/logger';
import type { IamClient } from '../iam/iamClient';
import { GatewayLink } from '../sessions/gatewayLink';
import type { SessionManager } from '../sessions/sessionManager';
import { pickPersonal, personalSecret, type VaultReader } from './personalCredential';

export interface ConnectFlowDeps {
  iam: Pick<IamClient, 'call'>;
  vault: VaultReader;
  auth: { accessToken(): Promise<string>; state(): AuthState };
  /** The control plane in use; null in direct mode. */
  serverUrl(): string | null;
  sessions: Pick<SessionManager, 'adoptGateway'>;
  /** Each gateway link while it lives, for the refreshed tokens. */
  onLink(link: GatewayLink): void;
  timeoutMs: number;
  log: Pick<Logger, 'addSecret'>;
}

type Target = { policyId: string; computerId: string };

/** The gateway's socket on a control plane: ws(s)://host/gateway. */
export function gatewayUrl(serverUrl: string): string {
  const url = new URL('/gateway', serverUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/**
 * Opens a gateway session with a ticket (connect or join): the ticket is kept out of the log,
 * the first message carries a fresh access token and the display name, and the link is
 * registered for the refreshed tokens.
 */
export async function openGatewayLink(
  deps: Pick<ConnectFlowDeps, 'auth' | 'onLink' | 'timeoutMs' | 'log'>,
  serverUrl: string,
  ticket: string,
  screen: Screen,
): Promise<GatewayLink> {
  deps.log.addSecret(ticket);
  const accessToken = await deps.auth.accessToken();
  const link = await GatewayLink.open(
    gatewayUrl(serverUrl),
    { ticket, accessToken, ...screen, name: deps.auth.state().person?.displayName ?? '' },
    deps.timeoutMs,
  );
  deps.onLink(link);
  return link;
}

/**
 * The connect flow in main (seed 000): the terms page (for Connect or Advanced Mode), Agree
 * (the ticket, then the gateway), Decline, and start links. The ticket and a personal
 * credential's secret stay here; the renderer gets the terms and the session tab.
 */
export class ConnectFlow {
  constructor(private readonly deps: ConnectFlowDeps) {}

  terms(target: Target & { advanced?: AdvancedUiChoices | undefined }): Promise<Terms> {
    const { advanced, ...ids } = target;
    if (!advanced) return this.deps.iam.call(sessionsApi.terms, { body: ids });
    const { personalCredentialId, ...choices } = advanced;
    // NO_PERSONAL_CREDENTIAL is decided here, before the server spends the MFA code.
    if (choices.credentialKind === 'personal') pickPersonal(this.deps.vault, ids.computerId, personalCredentialId);
    return this.deps.iam.call(sessionsApi.terms, { body: { ...ids, advanced: choices } });
  }

  decline(target: Target): Promise<Record<string, never>> {
    return this.deps.iam.call(sessionsApi.decline, { body: target }) as Promise<Record<string, never>>;
  }

  async connect(
    params: Target &
      Screen & {
        advanced?: { approval: string; personalCredentialId: string | null } | undefined;
        policyRevision?: number | undefined;
      },
  ) {
    const { policyId, computerId, advanced, policyRevision, ...screen } = params;
    const serverUrl = this.deps.serverUrl();
    if (!serverUrl) throw new OpenPsmError('NO_BACKEND');
    const request: RouteInput<typeof sessionsApi.ticket>['body'] = { policyId, computerId, acceptTerms: true };
    // The revision whose terms the person read: the ticket is issued under it, or refused after an edit.
    if (policyRevision !== undefined) request['policyRevision'] = policyRevision;
    if (advanced) {
      request['approval'] = advanced.approval;
      // The secret goes once, inside the ticket request; the server seals it into the ticket.
      const personal =
        advanced.personalCredentialId === null
          ? null
          : personalSecret(this.deps.vault, computerId, advanced.personalCredentialId);
      if (personal) {
        this.deps.log.addSecret(personal.secret);
        request['personal'] = personal;
      }
    }
    // The ticket's answer also says what the tab shows: one call, one server-side check.
    const { ticket, ...terms } = await this.deps.iam.call(sessionsApi.ticket, { body: request });
    const link = await openGatewayLink(this.deps, serverUrl, ticket, screen);
    return this.deps.sessions.adoptGateway(link, {
      computerId,
      name: terms.computerName,
      protocol: terms.protocol,
      disableCopy: terms.disableCopy,
      disablePaste: terms.disablePaste,
    });
  }

  /** Checks a start link against the signed-in person; INVALID_PARAMETER names what is wrong. */
  openLink(url: string): StartLinkView {
    const link = parseStartLink(url);
    const me = this.deps.auth.state().person;
    if (!me) throw new OpenPsmError('NOT_SIGNED_IN', { message: 'Sign in first, then open the start link again.' });
    if (link.personId !== me.id.toLowerCase())
      throw new OpenPsmError('LINK_FOR_ANOTHER_PERSON', { path: 'TargetPersonGuid' });
    const { personId: _, ...rest } = link;
    return rest;
  }
}
