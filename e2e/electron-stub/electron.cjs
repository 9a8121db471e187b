// A recording stand-in for the `electron` module, so the built bundles can be loaded in
// plain Node (the Electron binary cannot be downloaded here). Every call lands in `record`.
const record = { calls: [], handlers: {}, windows: [], exposed: {}, sent: [], ready: null };
globalThis.__electronStub = record;

const note = (name, ...args) => record.calls.push({ name, args });
let resolveReady;
const readyPromise = new Promise((resolve) => (resolveReady = resolve));
record.ready = () => resolveReady();

const app = {
  enableSandbox: () => note('app.enableSandbox'),
  requestSingleInstanceLock: () => (note('app.requestSingleInstanceLock'), true),
  setAsDefaultProtocolClient: (scheme) => note('app.setAsDefaultProtocolClient', scheme),
  on: (event, fn) => {
    note('app.on', event);
    record.handlers[`app:${event}`] = fn;
  },
  whenReady: () => readyPromise,
  getVersion: () => '0.0.0-stub',
  getPath: (name) => (note('app.getPath', name), process.env.STUB_USER_DATA),
  quit: () => note('app.quit'),
};

const protocol = {
  registerSchemesAsPrivileged: (schemes) => note('protocol.registerSchemesAsPrivileged', schemes),
  handle: (scheme, fn) => {
    note('protocol.handle', scheme);
    record.handlers[`protocol:${scheme}`] = fn;
  },
};

const session = {
  defaultSession: {
    setPermissionRequestHandler: (fn) => (record.handlers.permissionRequest = fn),
    setPermissionCheckHandler: (fn) => (record.handlers.permissionCheck = fn),
  },
};

class BrowserWindow {
  constructor(options) {
    this.options = options;
    this.loaded = [];
    this.webContents = { send: (channel, payload) => record.sent.push({ channel, payload }), on: () => undefined };
    record.windows.push(this);
  }
  once() {}
  on() {}
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  async loadURL(url) {
    this.loaded.push(url);
  }
}

const ipcMain = {
  handle: (channel, fn) => (record.handlers[`ipc:${channel}`] = fn),
  on: (channel) => note('ipcMain.on', channel),
};
const contextBridge = { exposeInMainWorld: (key, api) => (record.exposed[key] = api) };
const ipcRenderer = { invoke: async () => undefined, on: () => ipcRenderer, removeListener: () => ipcRenderer };

exports.app = app;
exports.protocol = protocol;
exports.session = session;
exports.BrowserWindow = BrowserWindow;
exports.ipcMain = ipcMain;
exports.contextBridge = contextBridge;
exports.ipcRenderer = ipcRenderer;
exports.MessageChannelMain = class MessageChannelMain {};
// The system browser, for sign-in (RFC 8252): recorded, never opened.
exports.shell = {
  openExternal: (url) => {
    note('shell.openExternal', url);
    return Promise.resolve();
  },
};
// A start that fails shows an error box: recorded.
exports.dialog = {
  showErrorBox: (title, text) => note('dialog.showErrorBox', `${title}: ${text}`),
};

// The OS power events (screen lock, suspend) and clipboard: recorded.
exports.powerMonitor = {
  on: (event, fn) => {
    note('powerMonitor.on', event);
    record.handlers[`powerMonitor:${event}`] = fn;
  },
  removeListener: (event) => note('powerMonitor.removeListener', event),
};
let clipboardText = '';
exports.clipboard = {
  writeText: (text) => (clipboardText = text),
  readText: () => clipboardText,
};
// safeStorage with a keychain-backed key; the stub only marks what it seals.
exports.safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text) => Buffer.from(`stub-sealed:${Buffer.from(text).toString('base64')}`),
  decryptString: (data) => Buffer.from(data.toString().slice('stub-sealed:'.length), 'base64').toString(),
};
