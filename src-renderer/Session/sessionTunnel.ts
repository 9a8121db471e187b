import Guacamole from 'guacamole-common-js';
import { sessionSocketProtocol, secretProtocolPrefix, tokenProtocolPrefix } from '../../src-shared/common/api/rpc';
import { errorCatalog, isErrorCode, type ErrorCode } from '../../src-shared/common/errors';

export interface TunnelError {
  code: ErrorCode;
  message: string;
}

type SettableTunnel = Guacamole.Tunnel & { setState(state: Guacamole.Tunnel.State): void };

export interface SessionTunnel {
  tunnel: Guacamole.Tunnel;
  /** Why the session ended, when main said so; null for a plain end. */
  error(): TunnelError | null;
}

/**
 * A Guacamole.Tunnel on the session socket. Main has already decoded guacd's stream (by
 * code points), so each message is a JSON array of `[opcode, ...args]`; the tunnel hands
 * them to the client as they are. Methods are assigned in the constructor's place: the
 * base constructor makes them own properties, so class methods would be shadowed.
 */
export function createSessionTunnel(url: string, secret: string, token: string): SessionTunnel {
  const tunnel = new (Guacamole.Tunnel as unknown as new () => SettableTunnel)();
  let socket: WebSocket | null = null;
  let failure: TunnelError | null = null;

  tunnel.connect = () => {
    tunnel.setState(Guacamole.Tunnel.State.CONNECTING);
    socket = new WebSocket(url, [sessionSocketProtocol, `${secretProtocolPrefix}${secret}`, `${tokenProtocolPrefix}${token}`]);
    socket.onopen = () => tunnel.setState(Guacamole.Tunnel.State.OPEN);
    socket.onmessage = (event: MessageEvent<string>) => {
      let batch: unknown;
      try {
        batch = JSON.parse(event.data);
      } catch {
        return;
      }
      if (!Array.isArray(batch)) return;
      for (const instruction of batch as string[][]) {
        const [opcode = '', ...args] = instruction;
        if (opcode === '' && args[0] === 'openpsm.error') {
          const code = args[1] ?? '';
          failure = { code: isErrorCode(code) ? code : 'SESSION_FAILED', message: args[2] ?? errorCatalog.SESSION_FAILED };
          continue;
        }
        tunnel.oninstruction?.(opcode, args);
      }
    };
    socket.onclose = (event) => {
      if (!failure && event.code !== 1000) failure = { code: 'GUACD_CLOSED', message: errorCatalog.GUACD_CLOSED };
      if (failure) tunnel.onerror?.(new Guacamole.Status(Guacamole.Status.Code.SERVER_ERROR, failure.message));
      tunnel.setState(Guacamole.Tunnel.State.CLOSED);
    };
  };
  tunnel.sendMessage = (...elements: unknown[]) => {
    if (socket?.readyState !== WebSocket.OPEN) return;
    // guacamole-common-js passes key states as booleans; guacd reads "true" as 0.
    socket.send(JSON.stringify([elements.map((e) => (typeof e === 'boolean' ? (e ? '1' : '0') : String(e)))]));
  };
  tunnel.disconnect = () => {
    socket?.close(1000, 'closed by the user');
  };
  return { tunnel, error: () => failure };
}
