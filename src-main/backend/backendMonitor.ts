import type { BackendState, TlsStatus } from '@shared/common/api/app';
import type { Settings } from '@shared/common/api/settings';
import { systemApi } from '@shared/common/api/controlPlane/system';
import type { Logger } from '@shared/node/logger';
import { currentRuntime, nativeModuleProblem } from '@shared/node/nativeModuleProblem';

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

export interface BackendMonitorDeps {
  /** Starts the control plane inside the app, on loopback. */
  startEmbedded(): Promise<EmbeddedServer>;
  /** True when `${url}/health` answers `{status:"ok"}` within the timeout. */
  checkHealth(url: string, timeoutMs: number): Promise<boolean>;
  /** Looks at a remote control plane's certificate. */
  checkTls?(url: string, timeoutMs: number): Promise<TlsStatus>;
  healthTimeoutMs: number;
  log: Pick<Logger, 'info' | 'warn'>;
}

type Listener = (state: BackendState) => void;

/** Keeps the backend in line with the settings and reports its state. */
export class BackendMonitor {
  private current: BackendState = { mode: 'embedded', status: 'starting', detail: 'Starting…', serverUrl: null };
  private embedded: EmbeddedServer | null = null;
  private readonly listeners = new Set<Listener>();
  private generation = 0;

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

  /** Moves to the configured backend; resolves once its state is known. A newer call wins. */
  async apply(backend: Settings['backend']): Promise<BackendState> {
    const generation = ++this.generation;
    const set = (state: BackendState) => {
      if (generation !== this.generation) return;
      this.current = state;
      for (const listener of this.listeners) listener(state);
    };
    if (backend.mode !== 'embedded') await this.stopEmbedded();
    if (backend.mode === 'direct') {
      set({
        mode: 'direct',
        status: 'ready',
        detail: 'No control plane: sessions go straight to guacd on this device, with computers defined in Settings.',
        serverUrl: null,
      });
    } else if (backend.mode === 'remote') await this.applyRemote(backend.serverUrl, set);
    else await this.applyEmbedded(set);
    this.deps.log.info('backend.state', { mode: this.current.mode, status: this.current.status });
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
    const ok = !tlsBlocks && (await this.deps.checkHealth(url, this.deps.healthTimeoutMs));
    const withTls = tls ? { tls } : {};
    set(
      ok
        ? {
            mode: 'remote',
            status: 'ready',
            detail: `Connected to the control plane at ${url}.`,
            serverUrl: url,
            ...withTls,
          }
        : {
            mode: 'remote',
            status: 'unreachable',
            detail: tlsBlocks
              ? (tls?.detail ?? '')
              : `The control plane at ${url} does not answer. Check the URL and that the server is running.`,
            serverUrl: url,
            ...withTls,
          },
    );
  }

  /** Starts the built-in control plane unless it runs, and reports whether it answers its health check. */
  private async applyEmbedded(set: Listener): Promise<void> {
    set({ mode: 'embedded', status: 'starting', detail: 'Starting the built-in control plane…', serverUrl: null });
    try {
      this.embedded ??= await this.deps.startEmbedded();
      const ok = await this.deps.checkHealth(this.embedded.url, this.deps.healthTimeoutMs);
      set(
        ok
          ? {
              mode: 'embedded',
              status: 'ready',
              detail: 'The built-in control plane is running on this device.',
              serverUrl: this.embedded.url,
            }
          : {
              mode: 'embedded',
              status: 'unreachable',
              detail: 'The built-in control plane started but does not answer its health check.',
              serverUrl: this.embedded.url,
            },
      );
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

  async close(): Promise<void> {
    this.generation += 1;
    await this.stopEmbedded();
  }

  private async stopEmbedded(): Promise<void> {
    const running = this.embedded;
    this.embedded = null;
    if (running) await running.close();
  }
}

/** The production health check: GET `/health` with a deadline. */
export async function checkHealth(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await fetch(new URL(systemApi.health.path, url), {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    if (!res.ok) return false;
    const body: unknown = await res.json();
    return typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'ok';
  } catch {
    return false;
  }
}
