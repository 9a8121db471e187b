import type { Bridge } from '@shared/common/api/bridge';
import { connectSocketBridge, type SocketBridge, type SocketLike } from '@shared/common/api/socketBridge';

declare global {
  interface Window {
    /** Set by the desktop shell's preload; absent in the browser host. */
    openpsm?: Bridge;
  }
}

const secretKey = 'openpsm.launchSecret';

/**
 * Takes the launch secret from the URL fragment (`#token=…`) into sessionStorage and
 * removes it from the address bar, so it is not kept in history or shown on screen.
 */
export function takeLaunchSecret(): string | null {
  const match = /^#token=([A-Za-z0-9_-]{20,200})$/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(secretKey, match[1]);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(secretKey);
}

/** The launch secret of this tab (browser host), for the session sockets. */
export function launchSecret(): string | null {
  return sessionStorage.getItem(secretKey);
}

/** Where session sockets open (browser host). */
export function sessionSocketUrl(): string {
  return `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/session`;
}

export type Connection =
  | { kind: 'desktop'; bridge: Bridge }
  | { kind: 'browser-host'; bridge: Bridge; socket: SocketBridge }
  | { kind: 'no-secret' }
  | { kind: 'refused' };

/**
 * A new launch link opened in this tab starts the app again with it: the browser host keeps
 * its port across launches, so the new link differs only in its fragment, which a browser
 * does not load again by itself.
 */
function reloadOnNewLaunchLink(): void {
  window.addEventListener('hashchange', () => {
    if (window.location.hash.startsWith('#token=')) window.location.reload();
  });
}

/** Finds the app's API: the preload's in the desktop shell, else the browser host's socket. */
export async function connect(): Promise<Connection> {
  if (window.openpsm) return { kind: 'desktop', bridge: window.openpsm };
  reloadOnNewLaunchLink();
  const secret = takeLaunchSecret();
  if (!secret) return { kind: 'no-secret' };
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api`;
  try {
    const socket = await connectSocketBridge(
      url,
      secret,
      (u, protocols) => new WebSocket(u, protocols) as unknown as SocketLike,
    );
    return { kind: 'browser-host', bridge: socket.bridge, socket };
  } catch {
    sessionStorage.removeItem(secretKey);
    return { kind: 'refused' };
  }
}
