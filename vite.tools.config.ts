import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { viteAliases } from './aliases.js';

/** Test tools that run as their own processes (the guacd double), built for Node into out/tools. */
export default defineConfig({
  resolve: { alias: viteAliases(import.meta.dirname) },
  build: {
    ssr: true,
    outDir: 'out/tools',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      input: { 'guacd-double': resolve('e2e/fixtures/guacd-double/main.ts') },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
  logLevel: 'warn',
});
