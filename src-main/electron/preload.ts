import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './preloadBridge';

contextBridge.exposeInMainWorld('openpsm', createPreloadBridge(ipcRenderer));
