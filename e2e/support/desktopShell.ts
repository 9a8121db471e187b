import { contract } from '@shared/common/api/contract';
import { OpenPsmError } from '@shared/common/errors';

/**
 * A double of the desktop shell's preload for Chromium: an init script that defines
 * `window.openpsm` as the preload does (one function per contract method, `onEvent`,
 * `attachSession` handing a session's MessagePort), carried over the browser host's sockets.
 * The app then runs as the desktop app (its chords, its MessagePort sessions) in a plain page.
 */

/**
 * The wire names the script uses, copied from src-shared/common/api/rpc.ts and launch.ts (the
 * page cannot import them); desktopShell.test.ts fails when they drift.
 */
export const shellWireNames = {
  secretKey: 'openpsm.launchSecret',
  apiSocketProtocol: 'openpsm.v1',
  secretProtocolPrefix: 'openpsm.secret.',
  sessionSocketProtocol: 'openpsm.session.v1',
  tokenProtocolPrefix: 'openpsm.token.',
  sessionPortMessageKey: 'openpsmSessionPort',
  portClosedTag: 'openpsm.closed',
} as const;

/** What the script gets from Node: the wire names, the contract's methods and the coded failures. */
export interface ShellArgs {
  names: typeof shellWireNames;
  /** Service name → its method names, from the contract. */
  services: Record<string, string[]>;
  /** The reply of a call the API socket cannot carry (closed or refused). */
  closedReply: { ok: false; error: unknown };
  /** The reply of an attach whose session socket failed before it opened. */
  attachFailed: { ok: false; error: unknown };
}

/** The page's globals the script uses (the e2e code has no DOM lib). */
interface PageSocket {
  readyState: number;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: { data?: unknown; code?: number; reason?: string }) => void): void;
}
interface PagePort {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(data: unknown): void;
  addEventListener(type: string, listener: () => void): void;
  close(): void;
}
interface PageGlobals {
  location: { hash: string; pathname: string; search: string; protocol: string; host: string; origin: string };
  history: { replaceState(data: null, unused: string, url: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  WebSocket: new (url: string, protocols: string[]) => PageSocket;
  MessageChannel: new () => { port1: PagePort; port2: PagePort };
  postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void;
  openpsm?: unknown;
}

/** The page's socket base (`ws://host` or `wss://host`) and launch secret, taken from `#token=…` as launch.ts does. */
function pageBase(names: ShellArgs['names']): { base: string; secret: string } {
  const g = globalThis as unknown as PageGlobals;
  const match = /^#token=([A-Za-z0-9_-]{20,200})$/.exec(g.location.hash);
  if (match?.[1]) {
    g.sessionStorage.setItem(names.secretKey, match[1]);
    g.history.replaceState(null, '', g.location.pathname + g.location.search);
  }
  const scheme = g.location.protocol === 'https:' ? 'wss' : 'ws';
  return { base: `${scheme}://${g.location.host}`, secret: g.sessionStorage.getItem(names.secretKey) ?? '' };
}

/** The API socket as a call function and an event subscription; calls made before it opens wait for it. */
function apiLink(args: ShellArgs, base: string, secret: string) {
  const g = globalThis as unknown as PageGlobals;
  const socket = new g.WebSocket(`${base}/api`, [
    args.names.apiSocketProtocol,
    `${args.names.secretProtocolPrefix}${secret}`,
  ]);
  const opened = new Promise<boolean>((resolve) => {
    socket.addEventListener('open', () => resolve(true));
    socket.addEventListener('close', () => resolve(false));
  });
  const pending = new Map<number, (reply: unknown) => void>();
  const listeners = new Set<(envelope: unknown) => void>();
  let nextId = 1;
  socket.addEventListener('message', (event) => {
    type Message = { id?: unknown; reply?: unknown; event?: unknown } | null;
    const data = ((): Message => {
      try {
        return typeof event.data === 'string' ? (JSON.parse(event.data) as Message) : null;
      } catch {
        return null;
      }
    })();
    if (data && 'reply' in data && typeof data.id === 'number') {
      const done = pending.get(data.id);
      pending.delete(data.id);
      done?.(data.reply);
    } else if (data && typeof data.event === 'string') for (const listener of listeners) listener(data);
  });
  socket.addEventListener('close', () => {
    for (const done of pending.values()) done(args.closedReply);
    pending.clear();
  });
  const call = async (method: string, params: unknown): Promise<unknown> => {
    if (!(await opened) || socket.readyState !== 1) return args.closedReply;
    return new Promise((done) => {
      const id = nextId++;
      pending.set(id, done);
      socket.send(JSON.stringify({ id, method, params }));
    });
  };
  const onEvent = (listener: (envelope: unknown) => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  return { call, onEvent };
}

/**
 * Opens a session's socket and bridges it to a MessageChannel whose other port goes to the page,
 * tagged with the token, as the preload posts it; the port's last message says the socket closed.
 */
function attachSessionOver(args: ShellArgs, base: string, secret: string, token: string): Promise<unknown> {
  const g = globalThis as unknown as PageGlobals;
  const { names } = args;
  const encode = (elements: string[]) => `${elements.map((e) => `${[...e].length}.${e}`).join(',')};`;
  return new Promise((resolve) => {
    const socket = new g.WebSocket(`${base}/session`, [
      names.sessionSocketProtocol,
      `${names.secretProtocolPrefix}${secret}`,
      `${names.tokenProtocolPrefix}${token}`,
    ]);
    const { port1, port2 } = new g.MessageChannel();
    let open = false;
    socket.addEventListener('open', () => {
      open = true;
      port1.onmessage = (event) => {
        if (typeof event.data === 'string' && socket.readyState === 1) socket.send(event.data);
      };
      g.postMessage({ [names.sessionPortMessageKey]: token }, g.location.origin, [port2]);
      resolve({ ok: true, result: { attached: true } });
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') port1.postMessage(event.data);
    });
    // Chromium tells a port when its other end closed (the app closing the session tab).
    port1.addEventListener('close', () => socket.close(1000, 'closed by the user'));
    socket.addEventListener('close', (event) => {
      if (open) port1.postMessage(encode(['', names.portClosedTag, String(event.code ?? 1006), event.reason ?? '']));
      else resolve(args.attachFailed);
      port1.close();
    });
  });
}

/** Defines `window.openpsm` with the preload's shape. Runs in the page, before the app's code. */
function installShell(args: ShellArgs): void {
  const g = globalThis as unknown as PageGlobals;
  const { base, secret } = pageBase(args.names);
  const { call, onEvent } = apiLink(args, base, secret);
  const services = Object.fromEntries(
    Object.entries(args.services).map(([service, methods]) => [
      service,
      Object.fromEntries(methods.map((m) => [m, (params?: unknown) => call(`${service}.${m}`, params ?? {})])),
    ]),
  );
  g.openpsm = {
    ...services,
    onEvent,
    attachSession: (token: string) => attachSessionOver(args, base, secret, token),
  };
}

/** The arguments the script runs with, built in Node from the contract and the error catalog. */
export function shellArgs(): ShellArgs {
  return {
    names: shellWireNames,
    services: Object.fromEntries(Object.entries(contract).map(([service, methods]) => [service, Object.keys(methods)])),
    closedReply: { ok: false, error: new OpenPsmError('TRANSPORT_CLOSED').toInfo() },
    attachFailed: { ok: false, error: new OpenPsmError('SESSION_TOKEN_INVALID').toInfo() },
  };
}

/** The init script for `page.addInitScript`: plain JS, no imports, run before the app's code. */
export function desktopShellScript(args: ShellArgs = shellArgs()): string {
  const parts = [pageBase, apiLink, attachSessionOver, installShell].map((fn) => fn.toString());
  return `(() => {\n${parts.join('\n')}\ninstallShell(${JSON.stringify(args)});\n})();`;
}
