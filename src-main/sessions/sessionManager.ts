import crypto from 'node:crypto';
import type { OpenedSession, Screen } from '@shared/common/api/sessions';
import type { Computer, Settings } from '@shared/common/api/settings';
import { OpenPsmError } from '@shared/common/errors';
import { GuacdConnection, type ConnectOptions, type GuacdAddress } from '@shared/node/guacd/guacdConnection';
import { protocolValues } from '@shared/node/guacd/protocolValues';
import { rdpSecurityValues } from '@shared/node/guacd/rdpValues';
import type { Logger } from '@shared/node/logger';
import type { ComputerService } from '../computers/computerService';
import type { Timers } from '../config/timers';

/** What a computer that disables copy has the relay read: guacd's clipboard streams. */
export const copyOpcodes = ['clipboard', 'blob', 'end'];

/** What a session runs over: guacd itself (direct mode) or the control plane's gateway. */
export type SessionConnection = Pick<
  GuacdConnection,
  | 'onBatch'
  | 'pick'
  | 'onClose'
  | 'send'
  | 'pause'
  | 'resume'
  | 'disconnect'
  | 'pendingRequired'
  | 'connectionId'
  | 'closed'
>;

/** A session this app holds open and relays to a view (the Live list's entries are LiveSession, in common/api/live). */
export interface ManagedSession {
  id: string;
  computer: Computer;
  connection: SessionConnection;
  readOnly: boolean;
  /** The session a watch view looks at. */
  watching: string | null;
  token: string | null;
  attached: boolean;
}

export interface SessionManagerDeps {
  computers: Pick<ComputerService, 'withSecret'>;
  settings: { get(): Settings };
  timers: Timers;
  log: Pick<Logger, 'info' | 'warn'>;
  connect?: (address: GuacdAddress, options: ConnectOptions) => Promise<GuacdConnection>;
}

/**
 * Direct-mode sessions: main builds guacd's connect values from the computer and its kept
 * credential (the renderer never sees them), and hands the renderer a one-time token for
 * the session socket. When a session ends, its watch views end with it.
 */
export class SessionManager {
  private readonly sessions = new Map<string, ManagedSession>();
  private readonly connect: NonNullable<SessionManagerDeps['connect']>;

  constructor(private readonly deps: SessionManagerDeps) {
    this.connect = deps.connect ?? ((address, options) => GuacdConnection.open(address, options));
  }

  async open(computerId: string, screen: Screen): Promise<OpenedSession> {
    const { computer, password } = this.deps.computers.withSecret(computerId);
    const security = rdpSecurityValues(computer.protocol, computer.rdp);
    const values: Record<string, string> = {
      ...protocolValues(computer.protocol, password ?? ''),
      ...security.values,
      hostname: computer.host,
      port: String(computer.port),
      username: computer.username,
      password: password ?? '',
      'disable-copy': String(computer.disableCopy),
      'disable-paste': String(computer.disablePaste),
    };
    const credentials: Record<string, string> = password
      ? { password, username: computer.username }
      : { username: computer.username };
    const connection = await this.connect(this.address(), {
      ...this.options(screen),
      select: computer.protocol,
      values,
      credentials,
      needs: security.needs,
      nla: security.nla,
      // Decoded from the first instruction on, so the relay can drop the copy streams (sessionRelay.ts).
      pick: computer.disableCopy ? copyOpcodes : [],
    });
    if (security.values['ignore-cert'] === 'true')
      this.deps.log.warn('session.rdp_certificate_not_checked', { computer: computer.name });
    return this.register(computer, connection, null);
  }

  async watch(sessionId: string, screen: Screen): Promise<OpenedSession> {
    const owner = this.sessions.get(sessionId);
    if (!owner || owner.readOnly) throw new OpenPsmError('SESSION_NOT_FOUND');
    const connection = await this.connect(this.address(), {
      ...this.options(screen),
      select: owner.connection.connectionId,
      values: { 'read-only': 'true' },
    });
    return this.register(owner.computer, connection, owner.id);
  }

  /**
   * A session the gateway opened (embedded and remote mode): the gateway holds its credential
   * and rules. `watching` marks an access manager's read-only view of someone else's session.
   */
  adoptGateway(
    connection: SessionConnection,
    target: {
      computerId: string;
      name: string;
      protocol: Computer['protocol'];
      disableCopy: boolean;
      disablePaste: boolean;
    },
    watching = false,
  ): OpenedSession {
    const computer: Computer = {
      id: target.computerId,
      name: target.name,
      protocol: target.protocol,
      host: 'gateway',
      port: 1,
      username: '',
      hasPassword: false,
      disableCopy: target.disableCopy,
      disablePaste: target.disablePaste,
    };
    return this.register(computer, connection, watching ? `gateway:${target.computerId}` : null);
  }

  close(sessionId: string): { closed: true } {
    this.sessions.get(sessionId)?.connection.disconnect();
    return { closed: true };
  }

  /** Redeems a one-time session token: the session to attach, or null (used, expired, unknown). */
  redeem(token: string): ManagedSession | null {
    for (const session of this.sessions.values()) {
      if (
        session.token !== null &&
        session.token.length === token.length &&
        crypto.timingSafeEqual(Buffer.from(session.token), Buffer.from(token))
      ) {
        session.token = null;
        session.attached = true;
        // A session that ended before its view attached is handed over once, to say why, then forgotten.
        if (session.connection.closed) this.sessions.delete(session.id);
        return session;
      }
    }
    return null;
  }

  closeAll(): void {
    for (const session of this.sessions.values()) session.connection.disconnect();
  }

  private register(computer: Computer, connection: SessionConnection, watching: string | null): OpenedSession {
    const session: ManagedSession = {
      id: crypto.randomUUID(),
      computer,
      connection,
      readOnly: watching !== null,
      watching,
      token: crypto.randomBytes(32).toString('base64url'),
      attached: false,
    };
    this.sessions.set(session.id, session);
    const expiry = setTimeout(() => {
      if (session.attached) return;
      this.deps.log.warn('session.token_expired', { sessionId: session.id });
      this.sessions.delete(session.id);
      connection.disconnect();
    }, this.deps.timers.sessionTokenTtlMs);
    connection.onClose((error) => {
      // Ended before the view attached (guacd's error can come in the same read as ready):
      // kept until the view redeems its token, so it can show why, or until the token expires.
      if (session.attached) {
        clearTimeout(expiry);
        this.sessions.delete(session.id);
      }
      this.deps.log.info('session.end', { sessionId: session.id, code: error?.code ?? 'ENDED' });
      // guacd keeps a connection while any user remains: the owner's end closes its watchers.
      for (const other of this.sessions.values()) if (other.watching === session.id) other.connection.disconnect();
    });
    this.deps.log.info('session.start', {
      sessionId: session.id,
      protocol: computer.protocol,
      readOnly: session.readOnly,
    });
    return {
      sessionId: session.id,
      token: session.token as string,
      name: computer.name,
      protocol: computer.protocol,
      readOnly: session.readOnly,
      disableCopy: computer.disableCopy,
      disablePaste: computer.disablePaste,
    };
  }

  private address(): GuacdAddress {
    const { guacd } = this.deps.settings.get().direct;
    return { host: guacd.host, port: guacd.port, ...(guacd.tlsCa ? { tls: { ca: guacd.tlsCa } } : {}) };
  }

  private options(screen: Screen): Omit<ConnectOptions, 'select' | 'values'> {
    const { argsTimeoutMs, readyTimeoutMs, silenceTimeoutMs, nopIntervalMs } = this.deps.timers;
    return { ...screen, name: 'OpenPSM', timers: { argsTimeoutMs, readyTimeoutMs, silenceTimeoutMs, nopIntervalMs } };
  }
}
