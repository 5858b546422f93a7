import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';

/**
 * The renderer's Vite config, shared by electron-vite (the app) and the browser-test harness, so
 * the tests run exactly the bundle the app ships.
 */
export function rendererConfig(outDir = resolve(__dirname, 'out/renderer')): UserConfig {
  return {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    resolve: { alias: { '@renderer': resolve(__dirname, 'src/renderer/src') } },
    plugins: [react(), devOnlyInlineScriptCsp()],
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: false,
      target: 'chrome130',
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
  };
}

/**
 * Vite's dev server injects an inline React-refresh preamble. Only `npm run dev` relaxes the meta
 * CSP for it; built bundles (the app and the tests) keep `script-src 'self'`.
 */
function devOnlyInlineScriptCsp(): Plugin {
  return {
    name: 'kula-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("connect-src 'none'", "connect-src 'self' ws://localhost:*"),
  };
}
