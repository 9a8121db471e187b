import type { WebSocket } from 'ws';
import { wireRequestSchema, type WireMessage } from '@shared/common/api/rpc';
import { OpenPsmError } from '@shared/common/errors';
import type { Logger } from '@shared/node/logger';
import type { AppCore } from '../appCore';

/**
 * Serves the API over one authenticated socket: each text message is one call, parsed
 * as untrusted. Bad input gets a coded reply; the socket stays up and the log gets one
 * line without the payload.
 */
export function serveApiSocket(
  ws: WebSocket,
  core: Pick<AppCore, 'dispatcher' | 'subscribe'>,
  log: Pick<Logger, 'warn'>,
): void {
  const send = (message: WireMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const refuse = (id: number | null, error: OpenPsmError) => {
    log.warn('api.bad_message', { code: error.code, path: error.path });
    send({ id, reply: { ok: false, error: error.toInfo() } });
  };
  const unsubscribe = core.subscribe((envelope) => send(envelope));
  ws.on('close', unsubscribe);
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      refuse(null, new OpenPsmError('BAD_MESSAGE', { message: 'The API socket takes text messages only.' }));
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      refuse(null, new OpenPsmError('BAD_MESSAGE'));
      return;
    }
    const request = wireRequestSchema.safeParse(raw);
    if (!request.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : null;
      const path = request.error.issues[0]?.path.join('.') || '(root)';
      refuse(
        id,
        new OpenPsmError('BAD_MESSAGE', {
          message: `The request is malformed at "${path}": it needs a numeric id and a method name.`,
          path,
        }),
      );
      return;
    }
    const { id, method, params } = request.data;
    void core.dispatcher.dispatch(method, params).then((reply) => send({ id, reply }));
  });
}
