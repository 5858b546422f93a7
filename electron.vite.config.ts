import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer.vite.config';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // electron-store and electron-context-menu are ESM-only: bundle them into the CommonJS
      // main instead of requiring them.
      externalizeDeps: { exclude: ['electron-store', 'electron-context-menu'] },
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be one self-contained CommonJS file: bundle everything it
      // imports (only the runtime-free channel list) and keep the single entry in one chunk.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: rendererConfig(),
});
