import { OpenPsmError } from '../errors';
import { buildBridge, type Bridge } from './bridge';
import { apiSocketProtocol, secretProtocolPrefix, wireMessageSchema, type Reply } from './rpc';

/** The part of a WebSocket the bridge uses: the browser's and the `ws` package's both fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type SocketFactory = (url: string, protocols: string[]) => SocketLike;

export interface SocketBridge {
  bridge: Bridge;
  /** Called once when the socket closes after it was open. */
  onClose(listener: () => void): void;
  close(): void;
}

const OPEN = 1;

/**
 * Opens the browser host's API socket with the launch secret and returns a Bridge on it.
 * Rejects with UNAUTHORIZED when the host refuses the socket. Calls pending when the
 * socket closes resolve with TRANSPORT_CLOSED; nothing waits forever.
 */
export function connectSocketBridge(url: string, secret: string, open: SocketFactory): Promise<SocketBridge> {
  return new Promise((resolve, reject) => {
    const socket = open(url, [apiSocketProtocol, `${secretProtocolPrefix}${secret}`]);
    const pending = new Map<number, (reply: Reply) => void>();
    const listeners = new Set<(envelope: unknown) => void>();
    const closeListeners = new Set<() => void>();
    let nextId = 1;
    let opened = false;

    const call = (method: string, params: unknown): Promise<unknown> =>
      new Promise<Reply>((done) => {
        if (socket.readyState !== OPEN) {
          done({ ok: false, error: new OpenPsmError('TRANSPORT_CLOSED').toInfo() });
          return;
        }
        const id = nextId++;
        pending.set(id, done);
        socket.send(JSON.stringify({ id, method, params }));
      });
    const onEvent = (listener: (envelope: unknown) => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    };

    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let raw: unknown;
      try {
        raw = JSON.parse(event.data);
      } catch {
        return;
      }
      const message = wireMessageSchema.safeParse(raw);
      if (!message.success) return;
      const data = message.data;
      if ('reply' in data) {
        if (data.id === null) return;
        const done = pending.get(data.id);
        pending.delete(data.id);
        done?.(data.reply);
      } else {
        for (const listener of listeners) listener(data);
      }
    };
    socket.onopen = () => {
      opened = true;
      resolve({
        bridge: buildBridge(call, onEvent),
        onClose: (listener) => closeListeners.add(listener),
        close: () => socket.close(1000, 'closed by the app'),
      });
    };
    socket.onerror = () => undefined;
    socket.onclose = () => {
      for (const done of pending.values()) done({ ok: false, error: new OpenPsmError('TRANSPORT_CLOSED').toInfo() });
      pending.clear();
      if (!opened) reject(new OpenPsmError('UNAUTHORIZED'));
      else for (const listener of closeListeners) listener();
    };
  });
}
