// Every package in package.json, classified by where it can run (after Signal Desktop's
// .eslint/rules/file-suffix.js). A layer may import a package only if its class is allowed
// there (layers.js); importing an unclassified package, or leaving a package.json entry out
// of this table, fails lint.
//   standard: the language alone; runs in Node, a browser and src-shared/common alike
//   dom:      needs a browser (window, document, canvas)
//   node:     needs Node (built-ins, native addons, sockets, files), or is a server SDK or
//             network client that holds credentials and so belongs in main or the server
import fs from 'node:fs';
import path from 'node:path';

/** @type {Record<string, 'standard' | 'dom' | 'node'>} */
export const dependencyClasses = {
  // dependencies
  '@aws-sdk/client-s3': 'node',
  '@azure/storage-blob': 'node',
  '@napi-rs/keyring': 'node',
  argon2: 'node',
  axios: 'node',
  'better-sqlite3': 'node',
  'guacamole-common-js': 'dom',
  'hash-wasm': 'standard',
  kysely: 'node',
  ldapts: 'node',
  'oidc-provider': 'node',
  'openid-client': 'node',
  pg: 'node',
  qrcode: 'standard',
  react: 'standard',
  'react-dom': 'dom',
  ssh2: 'node',
  undici: 'node',
  ws: 'node',
  zod: 'standard',
  // devDependencies (@types/x takes the class of x)
  '@doyensec/electronegativity': 'node',
  '@electron/rebuild': 'node',
  '@eslint/js': 'node',
  '@playwright/test': 'node',
  '@axe-core/playwright': 'node',
  azurite: 'node',
  electron: 'node',
  'electron-builder': 'node',
  'electron-vite': 'node',
  eslint: 'node',
  'eslint-plugin-react-hooks': 'node',
  prettier: 'node',
  globals: 'standard',
  'guacamole-lite': 'node',
  s3rver: 'node',
  typescript: 'node',
  'typescript-eslint': 'node',
  vite: 'node',
  vitest: 'node',
};

/** The package an import specifier names: `@scope/name` or `name`. */
export function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The class of a package, with `@types/x` classed as x and `@types/node` as node; undefined when unclassified. */
export function classOf(name, classes = dependencyClasses) {
  if (name === '@types/node') return 'node';
  if (name.startsWith('@types/')) {
    const typed = name.slice('@types/'.length);
    return classOf(typed.includes('__') ? `@${typed.replace('__', '/')}` : typed, classes);
  }
  return Object.hasOwn(classes, name) ? classes[name] : undefined;
}

/** What is wrong between package.json and the table: packages left unclassified, entries no longer installed. */
export function classificationProblems(pkg, classes = dependencyClasses) {
  const declared = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
  const unclassified = declared
    .filter((name) => classOf(name, classes) === undefined)
    .map(
      (name) => `package.json's '${name}' is not classified: add it to eslint/dependencies.js as node, dom or standard`,
    );
  const stale = Object.keys(classes)
    .filter((name) => !declared.includes(name))
    .map((name) => `'${name}' is classified in eslint/dependencies.js but is not in package.json`);
  return [...unclassified, ...stale];
}

/** The table's own file, where a package.json without a class for every package is reported. */
export const tableFile = 'eslint/dependencies.js';

/** @type {import('eslint').Rule.RuleModule} */
export const classifiedRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Every package in package.json has a class: node, dom or standard' },
    schema: [],
  },
  create(context) {
    const relative = path.relative(context.cwd, context.filename).split(path.sep).join('/');
    if (relative !== tableFile) return {};
    return {
      Program(node) {
        const pkg = JSON.parse(fs.readFileSync(path.join(context.cwd, 'package.json'), 'utf8'));
        for (const problem of classificationProblems(pkg)) context.report({ node, message: problem });
      },
    };
  },
};
