import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './preloadBridge';

contextBridge.exposeInMainWorld(
  'openpsm',
  createPreloadBridge(ipcRenderer, globalThis as unknown as Parameters<typeof createPreloadBridge>[1]),
);
