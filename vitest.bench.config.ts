import { defineConfig } from 'vitest/config';
import { viteAliases } from './aliases.js';

/**
 * `npm run bench`: each bench/*.bench.ts measures on the production path and prints
 * one `BENCH <name> <value> <unit>` line per figure, straight to stdout.
 */
export default defineConfig({
  resolve: { alias: viteAliases(import.meta.dirname) },
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    disableConsoleIntercept: true,
    pool: 'forks',
    execArgv: ['--expose-gc'],
  },
});
