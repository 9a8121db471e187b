// The path aliases, one table: an import that leaves its top-level folder for a src-* root names
// that root by its alias (`@shared/common/guac`), never by `../../src-shared/…`. Vite (the build,
// Vitest) and ESLint read this table; tsconfig.base.json's `paths` repeats it, and
// eslint/layers.test.ts checks that the two agree.
import path from 'node:path';

export const aliases = {
  '@shared': 'src-shared',
  '@server': 'src-server',
  '@main': 'src-main',
  '@renderer': 'src-renderer',
};

/** The table as Vite's `resolve.alias`, with absolute folders under `root`. */
export function viteAliases(root) {
  return Object.entries(aliases).map(([find, dir]) => ({
    find: new RegExp(`^${find}/`),
    replacement: `${path.resolve(root, dir)}/`,
  }));
}

/** The path (relative to the repository root) an aliased specifier names; undefined for any other. */
export function unalias(spec) {
  const [head, ...rest] = spec.split('/');
  const dir = aliases[head];
  return dir === undefined || rest.length === 0 ? undefined : [dir, ...rest].join('/');
}
