import type { BackendState, TlsStatus } from '@shared/common/api/app';
import type { Settings } from '@shared/common/api/settings';
import { guacdHealthSchema, systemApi, type GuacdHealthInfo } from '@shared/common/api/controlPlane/system';
import type { Logger } from '@shared/node/logger';
import { currentRuntime, nativeModuleProblem } from '@shared/node/nativeModuleProblem';
import { directState, embeddedState, remoteState } from './backendStates';

/** The embedded control plane, as main sees it. */
export interface EmbeddedServer {
  url: string;
  /** The one-time setup code while the control plane has no administrator. */
  setupCode?: string | null;
  /** Creates the first administrator in-process. */
  setup?(input: {
    username: string;
    displayName: string;
    password: string;
  }): Promise<
    { ok: true } | { status: number; code: string; message: string; fields?: Array<{ path: string; message: string }> }
  >;
  close(): Promise<void>;
}

/** What a control plane's /health said, for the state: its guacd, when it reports one. */
export interface HealthAnswer {
  guacd?: GuacdHealthInfo;
}

export interface BackendMonitorDeps {
  /** Starts the control plane inside the app, on loopback. */
  startEmbedded(): Promise<EmbeddedServer>;
  /** `${url}/health`'s answer when it says `{status:"ok"}` within the timeout, else null. */
  readHealth(url: string, timeoutMs: number): Promise<HealthAnswer | null>;
  /** Looks at a remote control plane's certificate. */
  checkTls?(url: string, timeoutMs: number): Promise<TlsStatus>;
  /** Probes this device's guacd (direct mode). */
  probeDirectGuacd?(): Promise<GuacdHealthInfo>;
  healthTimeoutMs: number;
  /** How often the state is checked again after it is known (0: never); a change shows within this plus the timeout. */
  pollMs?: number;
  log: Pick<Logger, 'info' | 'warn'>;
}

type Listener = (state: BackendState) => void;

/** Keeps the backend in line with the settings, checks it again every `pollMs`, and reports its state. */
export class BackendMonitor {
  private current: BackendState = { mode: 'embedded', status: 'starting', detail: 'Starting…', serverUrl: null };
  private embedded: EmbeddedServer | null = null;
  private readonly listeners = new Set<Listener>();
  private generation = 0;
  private poll: NodeJS.Timeout | null = null;

  constructor(private readonly deps: BackendMonitorDeps) {}

  state(): BackendState {
    return this.current;
  }

  /** The running embedded control plane, if any. */
  embeddedServer(): EmbeddedServer | null {
    return this.embedded;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reports a state when it differs from the current one, unless a newer apply started meanwhile. */
  private setter(generation: number): Listener {
    return (state) => {
      if (generation !== this.generation || JSON.stringify(state) === JSON.stringify(this.current)) return;
      this.current = state;
      for (const listener of this.listeners) listener(state);
    };
  }

  /** Moves to the configured backend; resolves once its state is known. A newer call wins. */
  async apply(backend: Settings['backend']): Promise<BackendState> {
    const generation = ++this.generation;
    this.stopPolling();
    const set = this.setter(generation);
    if (backend.mode !== 'embedded') await this.stopEmbedded();
    if (backend.mode === 'direct') set(directState(await this.deps.probeDirectGuacd?.()));
    else if (backend.mode === 'remote') await this.applyRemote(backend.serverUrl, set);
    else await this.applyEmbedded(set);
    this.deps.log.info('backend.state', { mode: this.current.mode, status: this.current.status });
    if (generation === this.generation) this.startPolling(generation);
    return this.current;
  }

  /** Checks a remote control plane's certificate and health, and reports it ready or unreachable. */
  private async applyRemote(url: string | null, set: Listener): Promise<void> {
    if (url === null) {
      set({
        mode: 'remote',
        status: 'not-configured',
        detail: 'Set the control-plane server URL in Settings.',
        serverUrl: null,
      });
      return;
    }
    set({ mode: 'remote', status: 'starting', detail: `Contacting ${url}…`, serverUrl: url });
    const tls = this.deps.checkTls ? await this.deps.checkTls(url, this.deps.healthTimeoutMs) : undefined;
    const tlsBlocks = tls?.status === 'name-mismatch' || tls?.status === 'untrusted';
    set(remoteState(url, tlsBlocks ? null : await this.deps.readHealth(url, this.deps.healthTimeoutMs), tls));
  }

  /** Starts the built-in control plane unless it runs, and reports whether it answers its health check. */
  private async applyEmbedded(set: Listener): Promise<void> {
    set({ mode: 'embedded', status: 'starting', detail: 'Starting the built-in control plane…', serverUrl: null });
    try {
      this.embedded ??= await this.deps.startEmbedded();
      set(embeddedState(this.embedded.url, await this.deps.readHealth(this.embedded.url, this.deps.healthTimeoutMs)));
    } catch (error) {
      this.deps.log.warn('backend.embedded_failed', { error });
      set({
        mode: 'embedded',
        status: 'unreachable',
        // A database module built for another Node says how to rebuild it, not Node's stack-trace words.
        detail:
          nativeModuleProblem(error, currentRuntime()) ??
          `The built-in control plane could not start: ${(error as Error).message}`,
        serverUrl: null,
      });
    }
  }

  /** Checks the backend in use again: the control plane's /health (with its guacd), or this device's guacd. */
  async recheck(): Promise<void> {
    const generation = this.generation;
    const set = this.setter(generation);
    const { mode, serverUrl, tls, status } = this.current;
    if (mode === 'direct') return set(directState(await this.deps.probeDirectGuacd?.()));
    if (serverUrl === null || status === 'starting' || status === 'not-configured') return;
    const health = await this.deps.readHealth(serverUrl, this.deps.healthTimeoutMs);
    set(mode === 'remote' ? remoteState(serverUrl, health, tls) : embeddedState(serverUrl, health));
  }

  private startPolling(generation: number): void {
    const every = this.deps.pollMs ?? 0;
    if (every <= 0) return;
    const next = () => {
      this.poll = setTimeout(() => {
        void this.recheck().finally(() => {
          if (generation === this.generation) next();
        });
      }, every);
      this.poll.unref();
    };
    next();
  }

  private stopPolling(): void {
    if (this.poll) clearTimeout(this.poll);
    this.poll = null;
  }

  async close(): Promise<void> {
    this.generation += 1;
    this.stopPolling();
    await this.stopEmbedded();
  }

  private async stopEmbedded(): Promise<void> {
    const running = this.embedded;
    this.embedded = null;
    if (running) await running.close();
  }
}

/** The production health check: GET `/health` with a deadline; its guacd part when it has a valid one. */
export async function readHealth(url: string, timeoutMs: number): Promise<HealthAnswer | null> {
  try {
    const res = await fetch(new URL(systemApi.health.path, url), {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    if (!res.ok) return null;
    const body: unknown = await res.json();
    if (typeof body !== 'object' || body === null || (body as { status?: unknown }).status !== 'ok') return null;
    const guacd = guacdHealthSchema.safeParse((body as { guacd?: unknown }).guacd);
    return guacd.success ? { guacd: guacd.data } : {};
  } catch {
    return null;
  }
}

/** True when `${url}/health` answers `{status:"ok"}` within the timeout. */
export async function checkHealth(url: string, timeoutMs: number): Promise<boolean> {
  return (await readHealth(url, timeoutMs)) !== null;
}
