/**
 * Access to the bridge. `window.fruxon` is the only way to talk to main (set by the Electron
 * preload or the browser host's bridge script); components get it from context so tests can
 * pass an in-memory AppApi.
 */
import { createContext, useContext } from 'react';
import type { AppApi } from '../../src-shared/contract';

declare global {
  interface Window {
    fruxon?: AppApi;
  }
}

/** The bridge when present (undefined when the page was opened without one). */
export function bridgeApi(): AppApi | undefined {
  return typeof window === 'undefined' ? undefined : window.fruxon;
}

export const ApiContext = createContext<AppApi | null>(null);

export function useApi(): AppApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiContext.Provider>');
  return api;
}
