// Loads the built main and preload bundles with the stub `electron`, drives them the way
// Electron would, and prints one JSON report of what they did. Usage: node probe.mjs <outDir>
import Module, { createRequire, register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

register('./hooks.mjs', import.meta.url);
const require = createRequire(import.meta.url);
const stubPath = require.resolve('./electron.cjs');
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? stubPath : originalResolve.call(this, request, ...rest);
};

const outDir = path.resolve(process.argv[2] ?? 'out');
const stub = require('./electron.cjs');
const record = globalThis.__electronStub;
await import(pathToFileURL(path.join(outDir, 'main/index.js')).href);
record.ready();
for (let i = 0; i < 100 && record.windows[0]?.loaded.length !== 1; i += 1) await new Promise((r) => setTimeout(r, 20));

const fetchApp = async (url) => {
  const res = await record.handlers['protocol:app'](new Request(url));
  return { status: res.status, csp: res.headers.get('content-security-policy'), type: res.headers.get('content-type') };
};

// Drive the hardening the way Electron would for a new web contents.
const contents = {
  listeners: {},
  on(event, fn) {
    this.listeners[event] = fn;
  },
  setWindowOpenHandler(fn) {
    this.openHandler = fn;
  },
};
record.handlers['app:web-contents-created']?.({}, contents);
const prevented = (event, url) => {
  let stopped = false;
  contents.listeners[event]?.({ preventDefault: () => (stopped = true) }, url);
  return stopped;
};
let permission = 'not asked';
record.handlers.permissionRequest?.({}, 'media', (granted) => (permission = granted));

// A second launch with a start link, as the OS starts the registered protocol handler.
const startLink = 'openpsm://start?TargetPersonGuid=00000000-0000-4000-8000-000000000001&IsAdvanceMode=false';
record.handlers['app:second-instance']?.({}, ['/opt/OpenPSM/openpsm', '--flag', startLink], '/');

require(path.join(outDir, 'preload/index.cjs'));
const exposed = record.exposed.openpsm ?? {};

const report = {
  calls: record.calls.map((c) => c.name),
  linkEvents: record.sent.filter((s) => s.payload?.event === 'link.opened').map((s) => s.payload.data.url),
  schemes: record.calls.find((c) => c.name === 'protocol.registerSchemesAsPrivileged')?.args[0],
  deepLinkScheme: record.calls.find((c) => c.name === 'app.setAsDefaultProtocolClient')?.args[0],
  webPreferences: record.windows[0]?.options.webPreferences,
  loaded: record.windows[0]?.loaded,
  appIndex: await fetchApp('app://openpsm/index.html'),
  appTraversal: await fetchApp('app://openpsm/../../../etc/passwd'),
  otherHost: await fetchApp('app://evil/index.html'),
  navigation: {
    external: prevented('will-navigate', 'https://evil.example/'),
    internal: prevented('will-navigate', 'app://openpsm/index.html'),
    redirect: prevented('will-redirect', 'http://127.0.0.1:1/'),
    webview: prevented('will-attach-webview', ''),
    windowOpen: contents.openHandler?.({ url: 'https://evil.example/' }),
  },
  permission,
  permissionCheck: record.handlers.permissionCheck?.(),
  ipcChannels: Object.keys(record.handlers).filter((k) => k.startsWith('ipc:')),
  preload: Object.fromEntries(
    Object.entries(exposed).map(([k, v]) => [k, typeof v === 'function' ? 'function' : Object.keys(v).sort()]),
  ),
  stubLoaded: typeof stub.app === 'object',
};
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
