import type { AuthState } from '@shared/common/api/auth';
import { liveApi } from '@shared/common/api/controlPlane/live';
import type { LiveList } from '@shared/common/api/live';
import type { OpenedSession } from '@shared/common/api/sessions';
import { OpenPsmError } from '@shared/common/errors';
import type { Logger } from '@shared/node/logger';
import { openGatewayLink } from '../connect/connectFlow';
import type { IamClient } from '../iam/iamClient';
import type { GatewayLink } from '../sessions/gatewayLink';
import type { Screen } from '@shared/common/api/sessions';
import type { SessionManager } from '../sessions/sessionManager';

export interface LiveServiceDeps {
  iam: Pick<IamClient, 'call'>;
  auth: { accessToken(): Promise<string>; state(): AuthState };
  /** The control plane in use; null in direct mode. */
  serverUrl(): string | null;
  sessions: Pick<SessionManager, 'adoptGateway'>;
  /** Each gateway link while it lives, for the refreshed tokens. */
  onLink(link: GatewayLink): void;
  /** Pushes the list to the renderer (`live.changed`). */
  emit(list: LiveList): void;
  timeoutMs: number;
  retryMs: number;
  log: Pick<Logger, 'addSecret' | 'warn'>;
}

/** Codes after which following stops: asking again cannot help. */
const final = new Set(['NOT_SIGNED_IN', 'FORBIDDEN_ROLE', 'NO_BACKEND', 'SIGN_IN_REVOKED']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The access manager's Live view in main: the list (followed with the server's wait, so it
 * changes as sessions start and end), watching read-only through the gateway with a join
 * ticket that never leaves main, and terminate.
 */
export class LiveService {
  private followers = 0;
  private running = false;

  constructor(private readonly deps: LiveServiceDeps) {}

  list(): Promise<LiveList> {
    return this.deps.iam.call(liveApi.list);
  }

  /** Starts or stops following; the first follower starts the loop, the last one's stop ends it. */
  follow(on: boolean): Record<string, never> {
    this.followers = Math.max(0, this.followers + (on ? 1 : -1));
    if (this.followers > 0 && !this.running) void this.loop();
    return {};
  }

  stop(): void {
    this.followers = 0;
  }

  async watch(sessionId: string, screen: Screen): Promise<OpenedSession> {
    const serverUrl = this.deps.serverUrl();
    if (!serverUrl) throw new OpenPsmError('NO_BACKEND');
    const join = await this.deps.iam.call(liveApi.watch, { params: { id: sessionId }, body: {} });
    const link = await openGatewayLink(this.deps, serverUrl, join.ticket, screen);
    return this.deps.sessions.adoptGateway(
      link,
      {
        computerId: sessionId,
        name: `${join.computerName} · ${join.username}`,
        protocol: join.protocol,
        disableCopy: true,
        disablePaste: true,
      },
      true,
    );
  }

  terminate(sessionId: string, reason: string): Promise<Record<string, never>> {
    return this.deps.iam.call(liveApi.terminate, { params: { id: sessionId }, body: { reason } }) as Promise<
      Record<string, never>
    >;
  }

  private async loop(): Promise<void> {
    this.running = true;
    let since: number | null = null;
    try {
      while (this.followers > 0) {
        try {
          const list: LiveList =
            since === null ? await this.list() : await this.deps.iam.call(liveApi.wait, { body: { since } });
          if (list.version !== since && this.followers > 0) this.deps.emit(list);
          since = list.version;
        } catch (error) {
          if (error instanceof OpenPsmError && final.has(error.code)) return;
          this.deps.log.warn('live.follow_failed', { code: error instanceof OpenPsmError ? error.code : 'INTERNAL' });
          await sleep(this.deps.retryMs);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
