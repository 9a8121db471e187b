import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { viteAliases } from './aliases.js';
import { metaContentSecurityPolicy } from './src-main/csp';

/**
 * main: the desktop shell's entry, plus the browser host and the standalone control
 * plane, all built for Node. preload: CommonJS with everything bundled (sandboxed
 * preloads cannot require packages). renderer: the React UI.
 */
const resolveAliases = { alias: viteAliases(import.meta.dirname) };

export default defineConfig({
  main: {
    resolve: resolveAliases,
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve('src-main/electron/main.ts'),
          host: resolve('src-main/host/index.ts'),
          server: resolve('src-server/cli.ts'),
        },
      },
    },
  },
  preload: {
    resolve: resolveAliases,
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src-main/electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    resolve: resolveAliases,
    publicDir: resolve('assets'),
    plugins: [
      {
        // The CSP also travels in the page itself, from the one definition in src-main/csp.ts.
        name: 'openpsm-csp-meta',
        transformIndexHtml: () => [
          {
            tag: 'meta',
            attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy },
            injectTo: 'head-prepend',
          },
        ],
      },
    ],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
