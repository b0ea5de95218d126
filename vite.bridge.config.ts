import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The browser host's HTTP bridge: one classic script that defines window.fruxon before the
// renderer's module script runs (the browser-side twin of the Electron preload).
export default defineConfig({
  build: {
    outDir: 'out/bridge',
    emptyOutDir: true,
    lib: {
      entry: resolve('src-preload/http-bridge-entry.ts'),
      formats: ['iife'],
      name: 'FruxonHttpBridge',
      fileName: () => 'http-bridge.js',
    },
  },
});
