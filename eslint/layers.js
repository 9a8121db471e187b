// The import graph of architecture.md rule 1, enforced. Each file belongs to one layer;
// each import is resolved and checked against what that layer may use.
import { builtinModules } from 'node:module';
import path from 'node:path';

/** Layers in match order (the most specific folder first). */
export const layers = [
  { name: 'common', dir: 'src-shared/common' },
  { name: 'shared-node', dir: 'src-shared/node' },
  { name: 'electron-shell', dir: 'src-main/electron' },
  { name: 'main', dir: 'src-main' },
  { name: 'renderer', dir: 'src-renderer' },
  { name: 'server', dir: 'src-server' },
];

/** What each layer may import: layers, Node built-ins, the electron module. */
const allowed = {
  common: { layers: ['common'], node: false, electron: false },
  'shared-node': { layers: ['common', 'shared-node'], node: true, electron: false },
  'electron-shell': { layers: ['common', 'shared-node', 'main', 'electron-shell', 'server-entry'], node: true, electron: true },
  main: { layers: ['common', 'shared-node', 'main', 'server-entry'], node: true, electron: false },
  renderer: { layers: ['common', 'renderer'], node: false, electron: false },
  server: { layers: ['common', 'shared-node', 'server', 'server-entry'], node: true, electron: false },
};

/** npm packages that only run in Node: as forbidden to env-free layers as node:* itself. */
const nodeOnlyPackages = new Set(['ws', 'conf', 'electron-store', '@napi-rs/keyring', 'axios', 'vitest', '@playwright/test', 'playwright-core']);
const builtins = new Set(builtinModules);

/** The public entry of the control plane: the one src-server file main may import. */
const serverEntry = 'src-server/index';

function layerOfPath(relative, asTarget = false) {
  const normal = relative.split(path.sep).join('/');
  if (asTarget && (normal === serverEntry || normal === `${serverEntry}.ts`)) return 'server-entry';
  return layers.find((layer) => normal === layer.dir || normal.startsWith(`${layer.dir}/`))?.name;
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Why `spec`, imported from `file`, breaks the layer rule; undefined when it is fine. */
export function violation(root, file, spec) {
  const from = layerOfPath(path.relative(root, file));
  if (!from || typeof spec !== 'string') return undefined;
  // Tests run in Node whatever their layer: they may read fixtures with node:fs.
  const isTest = /\.test\.tsx?$/.test(file);
  const rules = isTest ? { ...allowed[from], node: true } : allowed[from];
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = layerOfPath(path.relative(root, path.resolve(path.dirname(file), spec)), true);
    if (target === undefined || target === from || (target === 'server-entry' && from === 'server')) return undefined;
    if (target === 'server-entry' && rules.layers.includes('server-entry')) return undefined;
    if (rules.layers.includes(target)) return undefined;
    return `${from} code may not import from ${target === 'server-entry' ? 'server' : target} ('${spec}')`;
  }
  const name = packageName(spec);
  if (name === 'electron') return rules.electron ? undefined : `only src-main/electron/ may import 'electron' (this file is ${from} code)`;
  if (spec.startsWith('node:') || builtins.has(name)) return rules.node ? undefined : `${from} code may not use the Node built-in '${spec}'`;
  if (nodeOnlyPackages.has(name) && !rules.node) return `${from} code may not use the Node-only package '${spec}'`;
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: { type: 'problem', docs: { description: 'Enforce the OpenPSM import graph (architecture rule 1)' }, schema: [] },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const check = (node, spec) => {
      const why = violation(root, file, spec);
      if (why) context.report({ node, message: `Forbidden import: ${why}.` });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      TSImportType: (node) => {
        const literal = node.argument?.literal ?? node.argument;
        if (literal?.type === 'Literal') check(node, literal.value);
      },
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0].value);
      },
    };
  },
};

export default { rules: { layers: layersRule } };
