import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  electronRebuildList,
  isPackaged,
  nativePackages,
  productionPackageDirs,
  readBuilderConfig,
  unfitNativeModules,
} from '../../scripts/packagingCheck';
import { root } from '../support/processes';

/**
 * The desktop app as people install it (issue 26 §8), checked where Electron cannot run: what
 * `npm run dist` would put in the installers, and whether Electron's Node could load every
 * native module of the production tree.
 */

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name).replaceAll('\\', '/')],
    );
}

test('the installers carry the whole built app (npm run build) and none of the test tools', () => {
  const config = readBuilderConfig(root);
  const app = ['out/main', 'out/preload', 'out/renderer'].flatMap(filesUnder).filter((f) => !f.endsWith('.map'));
  expect(app.length).toBeGreaterThan(3);
  expect(app.filter((file) => !isPackaged(config, file))).toEqual([]);
  expect(filesUnder('out/tools').filter((file) => isPackaged(config, file))).toEqual([]);
});

test('every native module in the production tree is N-API or rebuilt for Electron', () => {
  test.setTimeout(120_000);
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const config = readBuilderConfig(root);
  const natives = nativePackages(productionPackageDirs(root));
  const byName = new Map(natives.map((p) => [p.name, p]));
  // The three the app loads: two N-API, and better-sqlite3, which is not (its addon is built for one ABI).
  expect(byName.get('argon2')?.napi).toBe(true);
  expect([...byName.values()].some((p) => p.name.startsWith('@napi-rs/keyring') && p.napi)).toBe(true);
  expect(byName.get('better-sqlite3')?.napi).toBe(false);
  // ssh2's optional addons (NAN, built for Node) stay out of the installers: ssh2 then uses Node's crypto.
  const shipped = (binary: string) => isPackaged(config, path.relative(root, binary).replaceAll('\\', '/'));
  expect(byName.get('ssh2')?.binaries.some(shipped)).toBe(false);
  expect(unfitNativeModules(natives, electronRebuildList(pkg.scripts), shipped)).toEqual([]);
});
