import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { buildBridge, type Bridge } from '@shared/common/api/bridge';
import { ipcChannels, sessionPortMessageKey } from '@shared/common/api/rpc';

/** The page's window, as the preload sees it (the preload shares the DOM, not the JS world). */
interface PageWindow {
  postMessage(message: unknown, targetOrigin: string, transfer?: unknown[]): void;
  location: { origin: string };
}

/**
 * The `window.openpsm` surface: one function per contract method, never raw ipcRenderer,
 * plus `attachSession`, which asks main for a session's MessagePort. Ports cannot cross
 * contextBridge, so the preload posts the port to the page, tagged with its token.
 */
export function createPreloadBridge(
  ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
  page?: PageWindow,
): Bridge {
  ipc.on(ipcChannels.sessionPort, (event: IpcRendererEvent, message: unknown) => {
    const token = (message as { token?: unknown } | null)?.token;
    if (page && typeof token === 'string')
      page.postMessage({ [sessionPortMessageKey]: token }, page.location.origin, [...event.ports]);
  });
  const bridge = buildBridge(
    (method, params) => ipc.invoke(ipcChannels.call, { method, params }),
    (listener) => {
      const handler = (_event: IpcRendererEvent, envelope: unknown) => listener(envelope);
      ipc.on(ipcChannels.event, handler);
      return () => {
        ipc.removeListener(ipcChannels.event, handler);
      };
    },
  );
  return { ...bridge, attachSession: (token: string) => ipc.invoke(ipcChannels.sessionAttach, { token }) };
}
