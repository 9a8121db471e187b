import { defineConfig } from 'vitest/config';
import { viteAliases } from './aliases.js';

export default defineConfig({
  resolve: { alias: viteAliases(import.meta.dirname) },
  test: {
    include: ['src-*/**/*.test.{ts,tsx}', 'eslint/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // The double's conformance replays run side by side (each waits on real guacd timing).
    maxConcurrency: 24,
    hookTimeout: 20_000,
  },
});
