import { describe, expect, it } from 'vitest';
import { currentRuntime, nativeModuleProblem } from './nativeModuleProblem';

/** Node's own words when a module built for one ABI is loaded by another (Electron 45's is 140). */
const abiError = (modulePath: string) =>
  Object.assign(
    new Error(
      `The module '${modulePath}'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 140. Please try re-compiling or re-installing\nthe module (for instance, using \`npm rebuild\` or \`npm install\`).`,
    ),
    { code: 'ERR_DLOPEN_FAILED' },
  );
const sqlite = abiError('/home/ann/openpsm/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const checkout = { electron: '45.4.1', packaged: false };

describe('a native module built for another Node, in plain words', () => {
  it('names better-sqlite3 as the database module and the command that rebuilds it for Electron', () => {
    expect(nativeModuleProblem(sqlite, checkout)).toBe(
      'OpenPSM cannot load its database module (better-sqlite3): it was built for another version of Node (ABI 115), ' +
        'and this app needs ABI 140. Rebuild it for Electron 45.4.1: run `npm run rebuild:electron` in the OpenPSM ' +
        'folder, then start OpenPSM again.',
    );
  });

  it('under plain Node (browser host, server) says to rebuild it for Node', () => {
    expect(nativeModuleProblem(sqlite, { electron: undefined, packaged: false })).toMatch(
      /Rebuild it for Node: run `npm rebuild better-sqlite3` in the OpenPSM folder/,
    );
  });

  it('in an installed app says to reinstall, since there is no folder to rebuild in', () => {
    const text = nativeModuleProblem(sqlite, { electron: '45.4.1', packaged: true });
    expect(text).toMatch(/install OpenPSM again from a release\.$/);
    expect(text).not.toMatch(/npm/);
  });

  it.each([
    ['a scoped package', 'C:\\app\\node_modules\\@scope\\addon\\build\\x.node', '@scope/addon'],
    ['a path without node_modules', '/opt/x.node', 'a native module'],
  ])('names %s', (_case, modulePath, name) => {
    expect(nativeModuleProblem(abiError(modulePath), checkout)).toContain(`OpenPSM cannot load ${name}:`);
  });

  it('leaves every other error to its own message', () => {
    expect(nativeModuleProblem(new Error('EACCES: permission denied'), checkout)).toBeNull();
    expect(nativeModuleProblem(undefined, checkout)).toBeNull();
  });

  it('reads the runtime of this process: plain Node, from a checkout', () => {
    expect(currentRuntime()).toEqual({ electron: undefined, packaged: false });
  });
});
