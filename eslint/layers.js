// The import graph of architecture.md rule 1, enforced. Each file belongs to one layer;
// each import is resolved and checked against what that layer may use.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { aliases, unalias } from '../aliases.js';
import { classOf, packageName } from './dependencies.js';
import { serverLayerViolation } from './serverLayers.js';

/** Layers in match order (the most specific folder first). */
export const layers = [
  { name: 'common', dir: 'src-shared/common' },
  { name: 'shared-node', dir: 'src-shared/node' },
  { name: 'electron-shell', dir: 'src-main/electron' },
  { name: 'main', dir: 'src-main' },
  { name: 'renderer', dir: 'src-renderer' },
  { name: 'server', dir: 'src-server' },
];

/**
 * What each layer may import: layers, Node built-ins, the electron module, and the classes of
 * npm packages (eslint/dependencies.js) it may use.
 */
const allowed = {
  common: { layers: ['common'], node: false, electron: false, packages: ['standard'] },
  'shared-node': { layers: ['common', 'shared-node'], node: true, electron: false, packages: ['standard', 'node'] },
  'electron-shell': {
    layers: ['common', 'shared-node', 'main', 'electron-shell', 'server-entry'],
    node: true,
    electron: true,
    packages: ['standard', 'node'],
  },
  main: {
    layers: ['common', 'shared-node', 'main', 'server-entry'],
    node: true,
    electron: false,
    packages: ['standard', 'node'],
  },
  renderer: { layers: ['common', 'renderer'], node: false, electron: false, packages: ['standard', 'dom'] },
  server: {
    layers: ['common', 'shared-node', 'server', 'server-entry'],
    node: true,
    electron: false,
    packages: ['standard', 'node'],
  },
};

const packageClassNames = { node: 'Node-only', dom: 'DOM', standard: 'standard' };
const builtins = new Set(builtinModules);

/** The public entry of the control plane: the one src-server file main may import. */
const serverEntry = 'src-server/index';

function layerOfPath(relative, asTarget = false) {
  const normal = relative.split(path.sep).join('/');
  if (asTarget && (normal === serverEntry || normal === `${serverEntry}.ts`)) return 'server-entry';
  return layers.find((layer) => normal === layer.dir || normal.startsWith(`${layer.dir}/`))?.name;
}

const aliasOf = Object.fromEntries(Object.entries(aliases).map(([alias, dir]) => [dir, alias]));

/**
 * Why `spec` is written the wrong way round from `file` (relative to the root): a relative path
 * out of its top-level folder into a src-* root, or an alias into its own. Root files (the
 * tools' configs, loaded before any alias exists) are exempt.
 */
function aliasViolation(file, spec) {
  const [top, ...rest] = file.split('/');
  if (rest.length === 0) return undefined;
  const aliased = unalias(spec);
  if (aliased !== undefined)
    return aliased.split('/')[0] === top ? `within ${top}, import by a relative path ('${spec}')` : undefined;
  if (!spec.startsWith('.')) return undefined;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
  const targetTop = target.split('/')[0];
  if (targetTop === top || aliasOf[targetTop] === undefined) return undefined;
  return `name ${targetTop} by its alias ('${aliasOf[targetTop]}${target.slice(targetTop.length)}'), not by a relative path`;
}

/** Why `spec`, imported from `file`, breaks the layer rule; undefined when it is fine. */
export function violation(root, file, spec) {
  if (typeof spec !== 'string') return undefined;
  const aliasWhy = aliasViolation(path.relative(root, file).split(path.sep).join('/'), spec);
  if (aliasWhy) return aliasWhy;
  const aliased = unalias(spec);
  if (aliased !== undefined)
    spec = path.relative(path.dirname(file), path.join(root, aliased)).split(path.sep).join('/');
  if (aliased !== undefined && !spec.startsWith('.')) spec = `./${spec}`;
  const bare =
    !spec.startsWith('.') && !spec.startsWith('/') && !spec.startsWith('node:') && !builtins.has(packageName(spec));
  // Every package imported anywhere (scripts, tests and e2e too) has a class.
  if (bare && classOf(packageName(spec)) === undefined)
    return `'${packageName(spec)}' is not classified: add it to eslint/dependencies.js as node, dom or standard`;
  const from = layerOfPath(path.relative(root, file));
  if (!from) return undefined;
  // Tests, and the kits they share (x.testkit.ts, never picked up as tests themselves), run in
  // Node whatever their layer: they may read fixtures with node:fs and use Node packages.
  const isTest = /\.test(kit)?\.tsx?$/.test(file);
  const rules = isTest
    ? { ...allowed[from], node: true, packages: [...allowed[from].packages, 'node'] }
    : allowed[from];
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const resolved = path.relative(root, path.resolve(path.dirname(file), spec));
    const target = layerOfPath(resolved, true);
    if (/\.testkit(\.tsx?)?$/.test(resolved) && !isTest) return `only tests may import a test kit ('${spec}')`;
    if (from === 'server' && (target === 'server' || target === 'server-entry') && !isTest) {
      const inServer = (relative) => path.relative('src-server', relative).split(path.sep).join('/');
      return serverLayerViolation(inServer(path.relative(root, file)), inServer(resolved));
    }
    if (target === undefined || target === from || (target === 'server-entry' && from === 'server')) return undefined;
    if (target === 'server-entry' && rules.layers.includes('server-entry')) return undefined;
    if (rules.layers.includes(target)) return undefined;
    return `${from} code may not import from ${target === 'server-entry' ? 'server' : target} ('${spec}')`;
  }
  const name = packageName(spec);
  if (name === 'electron')
    return rules.electron ? undefined : `only src-main/electron/ may import 'electron' (this file is ${from} code)`;
  if (spec.startsWith('node:') || builtins.has(name))
    return rules.node ? undefined : `${from} code may not use the Node built-in '${spec}'`;
  const kind = classOf(name);
  if (!rules.packages.includes(kind))
    return `${from} code may not use the ${packageClassNames[kind]} package '${spec}'`;
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the OpenPSM import graph (architecture rule 1)' },
    schema: [],
  },
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
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        )
          check(node, node.arguments[0].value);
      },
    };
  },
};

export default { rules: { layers: layersRule } };
