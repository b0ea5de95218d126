/**
 * The Electron preload (sandboxed, CommonJS, dependencies bundled): exposes the AppApi as
 * `window.fruxon` through contextBridge and nothing else. ipcRenderer itself never crosses (S20).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, createAppApi, type AppApi } from '../src-shared/contract';
import { createIpcTransport } from './ipc-transport';

const api = createAppApi(createIpcTransport(ipcRenderer)) satisfies AppApi;
contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, api);
