import type { IpcMain, IpcMainInvokeEvent, MessagePortMain } from 'electron';
import { z } from 'zod';
import { ipcChannels, portClosedTag, type Reply } from '@shared/common/api/rpc';
import { OpenPsmError } from '@shared/common/errors';
import { tunnelFrame } from '@shared/common/guac';
import type { Logger } from '@shared/node/logger';
import type { SessionManager } from '../sessions/sessionManager';
import { relaySession, type RendererPort } from '../sessions/sessionRelay';

/** The part of a MessagePortMain the relay uses. */
export type PortLike = Pick<MessagePortMain, 'postMessage' | 'start' | 'close'> & {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
};

/** A session port as the relay's renderer end. Its last message says it closed: the page cannot see a port close. */
export function portAsRenderer(port: PortLike): RendererPort {
  let closed = false;
  return {
    // A MessagePort has no queue to read: nothing waits for it.
    send: (batch, written) => {
      if (!closed) port.postMessage(batch.text);
      if (written) queueMicrotask(written);
    },
    buffered: () => 0,
    close: (code, reason) => {
      if (closed) return;
      closed = true;
      port.postMessage(tunnelFrame(portClosedTag, String(code), reason));
      port.close();
    },
    onMessage: (listener) => port.on('message', (event) => typeof event.data === 'string' && listener(event.data)),
    onClose: (listener) =>
      port.on('close', () => {
        closed = true;
        listener();
      }),
  };
}

const attachSchema = z.object({ token: z.string().min(20).max(200) }).strict();

/**
 * The desktop's session streams (architecture rule 5): the renderer redeems a one-time
 * token over IPC, main relays the session over a fresh MessagePort pair and posts one
 * end to the renderer. The sender is checked as for every IPC call.
 */
export function registerSessionPorts(
  ipcMain: Pick<IpcMain, 'handle'>,
  sessions: Pick<SessionManager, 'redeem'>,
  isTrusted: (frame: IpcMainInvokeEvent['senderFrame']) => boolean,
  newChannel: () => { port1: PortLike; port2: unknown },
  log: Pick<Logger, 'warn' | 'info'>,
): void {
  ipcMain.handle(ipcChannels.sessionAttach, (event: IpcMainInvokeEvent, payload: unknown): Reply => {
    if (!isTrusted(event.senderFrame)) return { ok: false, error: new OpenPsmError('FORBIDDEN_SENDER').toInfo() };
    const parsed = attachSchema.safeParse(payload);
    if (!parsed.success)
      return {
        ok: false,
        error: new OpenPsmError('BAD_MESSAGE', { message: 'A session attach needs its token.' }).toInfo(),
      };
    const session = sessions.redeem(parsed.data.token);
    if (!session) return { ok: false, error: new OpenPsmError('SESSION_TOKEN_INVALID').toInfo() };
    const { port1, port2 } = newChannel();
    relaySession(session, portAsRenderer(port1), log);
    port1.start();
    event.sender.postMessage(ipcChannels.sessionPort, { token: parsed.data.token }, [port2 as MessagePortMain]);
    return { ok: true, result: { attached: true } };
  });
}
