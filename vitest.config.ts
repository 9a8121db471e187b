import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-*/**/*.test.{ts,tsx}', 'eslint/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // The double's conformance replays run side by side (each waits on real guacd timing).
    maxConcurrency: 24,
    hookTimeout: 20_000,
  },
});
