// What `npm run dist` relies on, checked without Electron (issue 26 §8): the electron-builder
// config, and that every native module of the production tree fits Electron's Node: N-API
// (ABI-stable), or on the list `npm run rebuild:electron` rebuilds.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const targets = z.array(z.string()).min(1);

/** The parts of electron-builder.json the app depends on. */
export const builderConfigSchema = z.object({
  appId: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'is a reverse-DNS id'),
  productName: z.string().min(1),
  directories: z.object({ output: z.string().min(1) }),
  files: z.array(z.string()).min(1),
  asar: z.literal(true),
  asarUnpack: z.array(z.string()),
  npmRebuild: z.literal(true),
  protocols: z.array(z.object({ name: z.string(), schemes: z.array(z.string()) })),
  linux: z.object({ target: targets, maintainer: z.string().min(1) }),
  win: z.object({ target: targets }),
  mac: z.object({ target: targets }),
});
export type BuilderConfig = z.infer<typeof builderConfigSchema>;

/** electron-builder.json, parsed; throws naming the bad path. */
export function readBuilderConfig(root: string): BuilderConfig {
  return builderConfigSchema.parse(JSON.parse(fs.readFileSync(path.join(root, 'electron-builder.json'), 'utf8')));
}

/**
 * Whether electron-builder would ship `file` (relative to the app's root): the production
 * dependencies in node_modules ship unless a pattern leaves them out; the last matching pattern wins.
 */
export function isPackaged(config: Pick<BuilderConfig, 'files'>, file: string): boolean {
  let packaged = file.startsWith('node_modules/');
  for (const pattern of config.files) {
    const exclude = pattern.startsWith('!');
    if (path.matchesGlob(file, exclude ? pattern.slice(1) : pattern)) packaged = !exclude;
  }
  return packaged;
}

/** The packages `npm run rebuild:electron` rebuilds for Electron (its `--only` list). */
export function electronRebuildList(scripts: Record<string, string>): string[] {
  const only = /--only[ =](\S+)/.exec(scripts['rebuild:electron'] ?? '')?.[1];
  return only ? only.split(',') : [];
}

/** The folders of every package of the production dependency tree (`npm ls --omit=dev`). */
export function productionPackageDirs(root: string): string[] {
  // npm exits non-zero on extraneous packages (dev tools installed beside); the tree is still listed.
  const listed = spawnSync('npm', ['ls', '--omit=dev', '--parseable', '--all'], { cwd: root, encoding: 'utf8' });
  if (!listed.stdout) throw new Error(`npm ls printed nothing: ${listed.stderr}`);
  const dirs = listed.stdout.split('\n').filter((line) => line.trim() !== '' && path.resolve(line) !== root);
  return [...new Set(dirs)];
}

/** A binary that registers as an N-API module carries one of these symbol names. */
const napiMarkers = ['napi_register_module_v1', 'node_api_module_get_api_version_v1'];

export function isNapiBinary(file: string): boolean {
  const bytes = fs.readFileSync(file);
  return napiMarkers.some((marker) => bytes.includes(marker));
}

function nodeFilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') found.push(...nodeFilesUnder(full));
    else if (entry.isFile() && entry.name.endsWith('.node')) found.push(full);
  }
  return found;
}

export interface NativePackage {
  name: string;
  dir: string;
  /** Its compiled addons (`.node` files), none when it is not built yet. */
  binaries: string[];
  /** Every addon it has is N-API. */
  napi: boolean;
}

/** The packages among `dirs` with a native addon: a `.node` file, or a binding.gyp that makes one. */
export function nativePackages(dirs: string[]): NativePackage[] {
  return dirs.flatMap((dir) => {
    const binaries = nodeFilesUnder(dir);
    if (binaries.length === 0 && !fs.existsSync(path.join(dir, 'binding.gyp'))) return [];
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string };
    return [{ name: manifest.name, dir, binaries, napi: binaries.length > 0 && binaries.every(isNapiBinary) }];
  });
}

/**
 * The native packages Electron could not load: neither N-API, nor rebuilt for Electron, nor
 * left out of the installers (`shipped` says whether a binary ships; ssh2's optional addons,
 * which fall back to Node's crypto, are left out). Each comes with why.
 */
export function unfitNativeModules(
  packages: NativePackage[],
  rebuildList: string[],
  shipped: (binary: string) => boolean = () => true,
): string[] {
  return packages
    .filter((p) => !p.napi && !rebuildList.includes(p.name) && (p.binaries.length === 0 || p.binaries.some(shipped)))
    .map((p) =>
      p.binaries.length === 0
        ? `${p.name} has a binding.gyp but no built addon yet, and is not on the rebuild list`
        : `${p.name} is not N-API (${p.binaries.filter((b) => !isNapiBinary(b)).join(', ')}) and is not on the rebuild list of "npm run rebuild:electron"`,
    );
}
