import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { buildBridge, type Bridge } from '../../src-shared/common/api/bridge';
import { ipcChannels } from '../../src-shared/common/api/rpc';

/** The `window.openpsm` surface: one function per contract method, never raw ipcRenderer. */
export function createPreloadBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): Bridge {
  return buildBridge(
    (method, params) => ipc.invoke(ipcChannels.call, { method, params }),
    (listener) => {
      const handler = (_event: IpcRendererEvent, envelope: unknown) => listener(envelope);
      ipc.on(ipcChannels.event, handler);
      return () => {
        ipc.removeListener(ipcChannels.event, handler);
      };
    },
  );
}
