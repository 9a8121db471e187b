/** Where the app runs, which decides the command that fixes a native module built for another Node. */
export interface NativeRuntime {
  /** Electron's version when the app runs in Electron; undefined under plain Node (the browser host). */
  electron: string | undefined;
  /** The app runs from an installer's package, not from a checkout. */
  packaged: boolean;
}

/** The package a native module's path belongs to: the last `node_modules/<name>` (or `@scope/name`) in it. */
function packageOf(modulePath: string): string | null {
  const parts = modulePath.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return null;
  const first = parts[at + 1] as string;
  return first.startsWith('@') && at + 2 < parts.length ? `${first}/${parts[at + 2] as string}` : first;
}

/**
 * A native module built for another Node ABI (Node's "was compiled against a different Node.js
 * version using NODE_MODULE_VERSION …"), in plain words with the command that fixes it; null
 * for any other error. better-sqlite3 is the usual one: it is not N-API, so it is built for one
 * ABI, Node's or Electron's, at a time.
 */
export function nativeModuleProblem(error: unknown, runtime: NativeRuntime): string | null {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const versions = /NODE_MODULE_VERSION (\d+)\.[^]*?requires\s+NODE_MODULE_VERSION (\d+)/.exec(message);
  if (!versions) return null;
  const modulePath = /The module '([^']+)'/.exec(message)?.[1] ?? '';
  const name = packageOf(modulePath);
  const what = name === 'better-sqlite3' ? 'its database module (better-sqlite3)' : (name ?? 'a native module');
  const built = `OpenPSM cannot load ${what}: it was built for another version of Node (ABI ${versions[1]}), and this app needs ABI ${versions[2]}.`;
  if (runtime.packaged) return `${built} This installation is broken: install OpenPSM again from a release.`;
  const fix = runtime.electron ? 'npm run rebuild:electron' : `npm rebuild${name ? ` ${name}` : ''}`;
  const target = runtime.electron ? `Electron ${runtime.electron}` : 'Node';
  return `${built} Rebuild it for ${target}: run \`${fix}\` in the OpenPSM folder, then start OpenPSM again.`;
}

/** This process: Electron's version when in Electron, and whether it runs from an installer's app.asar. */
export function currentRuntime(): NativeRuntime {
  return { electron: process.versions['electron'], packaged: import.meta.url.includes('app.asar') };
}
