import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  electronRebuildList,
  isPackaged,
  nativePackages,
  readBuilderConfig,
  unfitNativeModules,
} from './packagingCheck';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('the installers (electron-builder.json)', () => {
  const config = readBuilderConfig(root);

  it('makes AppImage and deb on Linux, NSIS on Windows, dmg on macOS, under the app id', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.appId).toBe('org.openpsm.desktop');
    expect(config.productName).toBe('OpenPSM');
    expect(config.protocols.flatMap((p) => p.schemes)).toContain('openpsm');
  });

  it('ships the built app (out/) and package.json, never the sources, tests, tools or source maps', () => {
    for (const file of [
      pkg.main,
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'package.json',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/ssh2/lib/index.js',
    ])
      expect(isPackaged(config, file), file).toBe(true);
    for (const file of [
      'src-main/electron/main.ts',
      'src-server/index.ts',
      'e2e/desktop/packaging.spec.ts',
      'out/tools/guacd-double.js',
      'out/main/index.js.map',
      'scripts/packagingCheck.test.ts',
      'docs/first-screen.png',
      'node_modules/ssh2/lib/protocol/crypto/build/Release/sshcrypto.node',
      'node_modules/cpu-features/build/Release/cpufeatures.node',
    ])
      expect(isPackaged(config, file), file).toBe(false);
  });

  it('rebuilds native modules for Electron at packaging and keeps addons out of the asar archive', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('is what `npm run dist` runs, after building, with electron-builder pinned as a dev dependency', () => {
    expect(pkg.scripts['dist']).toMatch(
      /^electron-vite build -c electron\.config\.ts && electron-builder --config electron-builder\.json$/,
    );
    expect(pkg.devDependencies['electron-builder']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies['@electron/rebuild']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('rebuilds better-sqlite3 (not N-API) for Electron with `npm run rebuild:electron`', () => {
    expect(electronRebuildList(pkg.scripts)).toContain('better-sqlite3');
    expect(electronRebuildList({ 'rebuild:electron': 'electron-rebuild -f --only a,b' })).toEqual(['a', 'b']);
    expect(electronRebuildList({})).toEqual([]);
  });
});

describe('the native-module check', () => {
  /** A fake package folder with an addon whose bytes are `content`. */
  function fakePackage(name: string, content: string | null, gyp = false): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-native-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name }));
    if (gyp) fs.writeFileSync(path.join(dir, 'binding.gyp'), '{}');
    if (content !== null) {
      fs.mkdirSync(path.join(dir, 'build/Release'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'build/Release', `${name}.node`), `\x7fELF...${content}...`);
    }
    return dir;
  }

  it('passes N-API addons and listed ones, and names every other one', () => {
    const dirs = [
      fakePackage('napi-one', 'napi_register_module_v1'),
      fakePackage('napi-new', 'node_api_module_get_api_version_v1'),
      fakePackage('listed-abi', 'node_register_module_v115'),
      fakePackage('unlisted-abi', 'node_register_module_v115'),
      fakePackage('unbuilt', null, true),
      fakePackage('plain-js', null),
    ];
    const found = nativePackages(dirs);
    expect(found.map((p) => [p.name, p.napi])).toEqual([
      ['napi-one', true],
      ['napi-new', true],
      ['listed-abi', false],
      ['unlisted-abi', false],
      ['unbuilt', false],
    ]);
    // An addon the installers leave out does not count.
    const shipped = (binary: string) => !binary.includes('unlisted-abi');
    expect(unfitNativeModules(found, ['listed-abi'], shipped)).toHaveLength(1);
    const problems = unfitNativeModules(found, ['listed-abi']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^unlisted-abi is not N-API .*unlisted-abi\.node.* rebuild list/);
    expect(problems[1]).toMatch(/^unbuilt has a binding\.gyp but no built addon/);
  });
});
