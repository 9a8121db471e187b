import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcCallSchema, ipcChannels, type Reply } from '@shared/common/api/rpc';
import { OpenPsmError } from '@shared/common/errors';
import type { Logger } from '@shared/node/logger';
import type { Dispatcher } from '../rpc/dispatcher';

/** Serves the API over Electron IPC: the sender is checked, then the payload parsed as unknown. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  dispatcher: Dispatcher,
  isTrusted: (frame: IpcMainInvokeEvent['senderFrame']) => boolean,
  log: Pick<Logger, 'warn'>,
): void {
  ipcMain.handle(ipcChannels.call, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Reply> => {
    if (!isTrusted(event.senderFrame)) {
      log.warn('ipc.refused', { code: 'FORBIDDEN_SENDER' });
      return { ok: false, error: new OpenPsmError('FORBIDDEN_SENDER').toInfo() };
    }
    const call = ipcCallSchema.safeParse(payload);
    if (!call.success) {
      log.warn('ipc.bad_message', { code: 'BAD_MESSAGE' });
      return {
        ok: false,
        error: new OpenPsmError('BAD_MESSAGE', { message: 'An IPC call needs a method name.' }).toInfo(),
      };
    }
    return dispatcher.dispatch(call.data.method, call.data.params);
  });
}
