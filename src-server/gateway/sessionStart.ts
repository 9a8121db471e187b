import type { PersonLevel } from '../db/accessLevels';
import crypto from 'node:crypto';
import type { WebSocket } from 'ws';
import { gatewayReadyTag, type GatewayHello } from '@shared/common/api/gateway';
import { OpenPsmError } from '@shared/common/errors';
import { tunnelFrame } from '@shared/common/guac';
import type { GuacdConnection } from '@shared/node/guacd/guacdConnection';
import { openTicket } from '@shared/node/tickets/gatewayTicket';
import { protocolValues, typescriptValues } from '@shared/node/guacd/protocolValues';
import { computerOptionValues } from '@shared/node/guacd/computerOptionValues';
import { rdpSecurityValues } from '@shared/node/guacd/rdpValues';
import type { PersonRepository } from '../db/persons';
import type { SessionRegistry } from '../db/sessionRegistry';
import type { TicketLedger } from '../db/ticketLedger';
import type { RecordingUploader } from '../recordings/uploader';
import { checkChoices, type CatalogTarget, type ConnectPolicyDeps } from './connectPolicy';
import { guacdLogin, type GuacdLogin } from './guacdLogin';
import type { LiveSessions } from './liveSessions';
import { relayOwnerSession, type OwnerRelayDeps } from './ownerRelay';
import { startWatch, type WatchDeps } from './watchRelay';

/** What starting a session uses: the ticket's key and ledger, the checks, guacd, and the owner's relay. */
export type SessionStartDeps = ConnectPolicyDeps &
  WatchDeps &
  OwnerRelayDeps &
  Parameters<typeof guacdLogin>[0] & {
    key: Buffer;
    ledger: Pick<TicketLedger, 'redeem'>;
    persons: Pick<PersonRepository, 'findById'>;
    registry: Pick<SessionRegistry, 'start' | 'end' | 'requestShown'>;
    recordings?: Pick<RecordingUploader, 'started' | 'ended'>;
    live: LiveSessions;
    /** guacd's recording-path: the folder guacd writes recordings to (the same folder mounted into guacd). */
    recordingsDir: string;
    /** How long one minute of a policy's maximum duration lasts (60 000; tests shorten it). */
    policyMinuteMs: number;
  };

/**
 * The hello's ticket and sign-in, checked: the ticket sealed, unexpired and used for the first
 * time, the sign-in valid and the ticket's person's, and that person still enabled.
 */
async function admitHello(deps: SessionStartDeps, hello: GatewayHello) {
  const checked = openTicket(deps.key, hello.ticket, Math.floor(Date.now() / 1000));
  if (!checked.ok) throw new OpenPsmError(checked.code);
  const { claims } = checked;
  if (!(await deps.ledger.redeem(claims.jti, claims.exp))) throw new OpenPsmError('TICKET_REPLAYED');
  const signIn = await deps.tokenInfo(hello.accessToken);
  if (signIn?.personId !== claims.personId)
    throw new OpenPsmError('TOKEN_INVALID', {
      message: 'The sign-in sent with the ticket is not valid or belongs to someone else.',
    });
  const person = await deps.persons.findById(claims.personId);
  if (!person || person.disabled)
    throw new OpenPsmError('TOKEN_INVALID', {
      message: 'This account is disabled or gone; the session was not started.',
    });
  return { claims, signIn, person };
}

/**
 * Opens the owner's guacd connection with connect values the server builds itself (the computer,
 * the login, its copy/paste options, the recording); the login is released if guacd refuses.
 */
async function connectOwner(
  deps: SessionStartDeps,
  hello: GatewayHello,
  target: CatalogTarget,
  login: GuacdLogin,
  sessionId: string,
): Promise<GuacdConnection> {
  // Recorded computers: guacd writes <recordings>/<session id>, keystrokes included, and for
  // SSH and Telnet the terminal's text beside it (<session id>.typescript and its .timing).
  const recording: Record<string, string> = target.recorded
    ? {
        'recording-path': deps.recordingsDir,
        'recording-name': sessionId,
        'create-recording-path': 'true',
        'recording-include-keys': 'true',
        ...typescriptValues(target.protocol, deps.recordingsDir, sessionId),
      }
    : {};
  const security = rdpSecurityValues(target.protocol, target.rdp);
  const options = computerOptionValues(target.protocol, target, target);
  const values = {
    ...protocolValues(target.protocol, login.values['password']),
    ...security.values,
    ...options.values,
    hostname: target.host,
    port: String(target.port),
    ...login.values,
    'read-only': 'false',
    'disable-copy': String(target.disableCopy),
    'disable-paste': String(target.disablePaste),
    ...recording,
  };
  try {
    return await deps.connect(deps.guacd, {
      select: target.protocol,
      values,
      needs: [...security.needs, ...options.needs],
      nla: security.nla,
      hostKeyPinned: options.hostKeyPinned,
      credentials: login.credentials,
      width: hello.width,
      height: hello.height,
      dpi: hello.dpi,
      timezone: hello.timezone,
      name: hello.name,
      // Decoded from the first instruction on: a notice the owner must not see (ownerRelay.ts).
      pick: target.announceWatchers ? [] : ['msg'],
    });
  } catch (error) {
    deps.track(login.release());
    throw error;
  }
}

/** The audit's `session.start`: an RDP computer whose certificate is not checked says so each time (README, "RDP certificates"). */
function auditStart(
  deps: SessionStartDeps,
  username: string,
  target: { protocol: string; rdp: { certificate: { check: string } } },
  where: string,
  sessionId: string,
) {
  const unchecked = target.protocol === 'rdp' && target.rdp.certificate.check === 'ignore';
  const detail = unchecked ? `${where}; warning: RDP certificate not checked` : where;
  return deps.state.audit(username, 'session.start', detail, [], sessionId);
}

/**
 * The grant a session runs under: a level that needs pre-approval, or that only a grant gives,
 * runs under it (revoking it ends the session), and ends with its window (an access request's;
 * the earliest limit wins). None otherwise.
 */
function underGrant(level: PersonLevel | null | undefined) {
  const grantId = level?.preApproval || level?.grantOnly ? level.grantId : null;
  return {
    grantId,
    requestId: grantId ? (level?.requestId ?? null) : null,
    windowEndsAt: grantId && level?.approvedUntil ? Date.parse(level.approvedUntil) : null,
  };
}

/**
 * Starts what a gateway socket's first message asks for: checks the ticket (sealed, unexpired,
 * first use) and the sign-in sent with it, then joins a watcher, or checks person, policy and
 * computer again, builds guacd's connect values itself, registers the session and relays it.
 * Throws an OpenPsmError to refuse.
 */
export async function startGatewaySession(deps: SessionStartDeps, ws: WebSocket, hello: GatewayHello): Promise<void> {
  const { claims, signIn, person } = await admitHello(deps, hello);
  if (claims.kind === 'join') {
    const watched = await startWatch(deps, ws, hello, claims, person);
    ws.send(tunnelFrame(gatewayReadyTag, watched));
    return;
  }
  const choice = await checkChoices(deps, claims, {
    credentialKind: claims.credential.kind,
    accessLevelId: claims.accessLevelId,
  });
  const { target } = choice;
  // The person agreed to the terms of one revision: a policy edited since then starts nothing.
  if (claims.policyRevision !== undefined && claims.policyRevision !== target.policyRevision)
    throw new OpenPsmError('POLICY_CHANGED');
  const sessionId = crypto.randomUUID();
  const login = await guacdLogin(deps, claims, sessionId, person.username, choice.level?.targetAccount ?? null);
  const connection = await connectOwner(deps, hello, target, login, sessionId);
  const where = `${target.computerName} (${target.policyName})`;
  const startedAt = Date.now();
  const { grantId, requestId, windowEndsAt } = underGrant(choice.level);
  const endsAt = startedAt + target.maxDurationMinutes * deps.policyMinuteMs;
  await deps.registry.start({
    id: sessionId,
    personId: person.id,
    computerId: claims.computerId,
    policyId: claims.policyId,
    accessLevelId: choice.level?.id ?? null,
    policyRevision: target.policyRevision,
    guacdId: connection.connectionId,
    recordingName: target.recorded ? sessionId : null,
    shared: login.shared,
    grantId,
    requestId,
    authorization: claims.authorization ?? null,
  });
  if (target.recorded)
    await deps.recordings?.started({ sessionId, personId: person.id, computerId: claims.computerId });
  await auditStart(deps, person.username, target, where, sessionId);
  deps.log.info('gateway.session_start', { sessionId, protocol: target.protocol });
  // Listed before the relay starts, so an owner gone already is listed and removed in that order.
  let end: (reason: OpenPsmError, why: string) => void = () => undefined;
  deps.live.add({
    sessionId,
    username: person.username,
    displayName: person.displayName,
    computerName: target.computerName,
    policyName: target.policyName,
    policyRevision: target.policyRevision,
    protocol: target.protocol,
    startedAt: new Date(startedAt).toISOString(),
    endsAt: new Date(Math.min(endsAt, windowEndsAt ?? endsAt)).toISOString(),
    accessLevel: choice.level?.name ?? null,
    recorded: target.recorded,
    liveMonitoring: target.liveMonitoring,
    personId: person.id,
    policyId: claims.policyId,
    computerId: claims.computerId,
    guacdId: connection.connectionId,
    announceWatchers: target.announceWatchers,
    grantId,
    accessRequest: requestId ? await deps.registry.requestShown(requestId) : null,
    authorization: claims.authorization ?? null,
    end: (reason, why) => end(reason, why),
  });
  end = relayOwnerSession(deps, ws, connection, {
    sessionId,
    personId: person.id,
    username: person.username,
    where,
    token: hello.accessToken,
    exp: signIn.exp,
    endsAt,
    windowEndsAt,
    release: login.release,
    announceWatchers: target.announceWatchers,
    recorded: target.recorded,
  });
  ws.send(tunnelFrame(gatewayReadyTag, sessionId));
}
