import Guacamole from 'guacamole-common-js';
import { gatewayEndsTag } from '@shared/common/api/gateway';
import { portClosedTag } from '@shared/common/api/rpc';
import { errorMessage, isErrorCode, type ErrorCode } from '@shared/common/errors';
import { GuacDecoder } from '@shared/common/guac/decoder';
import { readTunnelError, tunnelOpcode } from '@shared/common/guac/messages';
import type { SessionLink } from './sessionLinks';

export interface TunnelError {
  code: ErrorCode;
  message: string;
}

type SettableTunnel = Guacamole.Tunnel & { setState(state: Guacamole.Tunnel.State): void };

/** A firm end the gateway announced: when, and which limit (its error code). */
export interface SessionEnd {
  at: string;
  code: ErrorCode;
}

export interface SessionTunnel {
  tunnel: Guacamole.Tunnel;
  /** Why the session ended, when main said so; null for a plain end. */
  error(): TunnelError | null;
}

/**
 * A Guacamole.Tunnel on a session link. Each message is guacd's Guacamole text as it came
 * (cut at instruction boundaries), plus the tunnel's own instructions (empty opcode); the
 * tunnel decodes it with the project's decoder, which counts lengths in code points (astral
 * characters stay intact, unlike guacamole-common-js 1.5's parser), and hands each
 * instruction to the client. Methods are assigned in the constructor's place: the base
 * constructor makes them own properties, so class methods would be shadowed.
 */
export function createSessionTunnel(link: SessionLink, onEnds?: (end: SessionEnd) => void): SessionTunnel {
  const tunnel = new (Guacamole.Tunnel as unknown as new () => SettableTunnel)();
  let failure: TunnelError | null = null;
  let open = false;
  const decoder = new GuacDecoder();
  const take = (instruction: string[]) => {
    const [opcode = '', ...args] = instruction;
    const error = readTunnelError(instruction, 'SESSION_FAILED');
    if (error) {
      failure = { code: error.code, message: error.message };
    } else if (opcode === tunnelOpcode && args[0] === gatewayEndsTag) {
      const at = args[1] ?? '';
      if (!Number.isNaN(Date.parse(at))) onEnds?.({ at, code: isErrorCode(args[2]) ? args[2] : 'SESSION_TIME_LIMIT' });
    } else if (opcode === tunnelOpcode && args[0] === portClosedTag) {
      closed(args[1] === '1000');
    } else tunnel.oninstruction?.(opcode, args);
  };

  const closed = (clean: boolean) => {
    if (!open && tunnel.state === Guacamole.Tunnel.State.CLOSED) return;
    open = false;
    if (!failure && !clean) failure = { code: 'GUACD_CLOSED', message: errorMessage('GUACD_CLOSED') };
    if (failure) tunnel.onerror?.(new Guacamole.Status(Guacamole.Status.Code.SERVER_ERROR, failure.message));
    tunnel.setState(Guacamole.Tunnel.State.CLOSED);
  };

  tunnel.connect = () => {
    tunnel.setState(Guacamole.Tunnel.State.CONNECTING);
    link.open({
      onOpen: () => {
        open = true;
        tunnel.setState(Guacamole.Tunnel.State.OPEN);
      },
      onMessage: (text) => {
        // Decoded first, then handed on: a handler that throws is not a malformed stream.
        let instructions: string[][];
        try {
          instructions = decoder.decode(text);
        } catch {
          failure = { code: 'GUAC_MALFORMED', message: errorMessage('GUAC_MALFORMED') };
          link.close();
          closed(false);
          return;
        }
        for (const instruction of instructions) take(instruction);
      },
      onClose: closed,
    });
  };
  tunnel.sendMessage = (...elements: unknown[]) => {
    if (!open) return;
    // guacamole-common-js passes key states as booleans; guacd reads "true" as 0.
    link.send(JSON.stringify([elements.map((e) => (typeof e === 'boolean' ? (e ? '1' : '0') : String(e)))]));
  };
  tunnel.disconnect = () => {
    link.close();
    closed(true);
  };
  return { tunnel, error: () => failure };
}
