import type { Duplex } from 'node:stream';
import type { Logger } from './logger';

/** The part of a `ws` WebSocket the guard uses. */
export interface GuardedWebSocket {
  on(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
  terminate(): void;
}

/**
 * Keeps one bad peer from ending the process. `ws` emits `'error'` for a malformed frame
 * (too big, bad opcode, invalid UTF-8, unmasked, …), and an `'error'` with no listener is
 * thrown: Node exits. This listener logs one line (ws's code and message, never the frame)
 * and ends that socket only; its `'close'` then runs whatever session it carried to its end.
 */
export function guardWebSocket(
  ws: GuardedWebSocket,
  log: Pick<Logger, 'warn'>,
  event: string,
  fields: Record<string, unknown> = {},
): void {
  ws.on('error', (error) => {
    log.warn(event, { ...fields, code: error.code ?? 'UNKNOWN', error: error.message.slice(0, 200) });
    ws.terminate();
  });
}

/**
 * Guards the raw socket of an upgrade request from the moment Node hands it over: Node
 * drops its own error listener before it emits `'upgrade'`, so a reset during a refusal
 * (or before `ws` takes the socket) would otherwise end the process. The socket is destroyed.
 */
export function guardUpgradeSocket(socket: Duplex): void {
  socket.on('error', () => socket.destroy());
}

const statusText: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  421: 'Misdirected Request',
};

/** Refuses an upgrade with a bare HTTP status and closes the socket. */
export function rejectUpgrade(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
