import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  MessageChannelMain,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { ipcChannels } from '@shared/common/api/rpc';
import { createLogger } from '@shared/node/logger';
import { currentRuntime, nativeModuleProblem } from '@shared/node/nativeModuleProblem';
import { createAppCore } from '../appCore';
import { loadAppStart } from '../config/appStart';
import { fileLogSink } from '../dataDir';
import { registerIpc } from './ipc';
import { openDesktopSecretStore } from './safeStorageSecrets';
import { registerSessionPorts } from './sessionPorts';
import { powerMonitorEvents } from '../vault/systemEvents';
import {
  appOrigin,
  createSecureWindow,
  deepLinkScheme,
  denyPermissions,
  handleAppProtocol,
  hardenContents,
  isTrustedSender,
  privilegedSchemes,
} from './security';

/** The first `openpsm:` argument on a command line (the OS passes deep links this way on Windows and Linux). */
function startLinkIn(argv: string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${deepLinkScheme}:`)) ?? null;
}

/** The desktop shell: builds the services once and opens one hardened window. */
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');

/** The configuration, read before anything starts: a bad variable stops the app with one line. */
function loadStartOrExit(): ReturnType<typeof loadAppStart> {
  try {
    const loaded = loadAppStart(process.env, () => app.getPath('userData'), process.argv);
    if (loaded.demoLine) process.stderr.write(loaded.demoLine);
    return loaded;
  } catch (error) {
    process.stderr.write(`OpenPSM could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    return process.exit(1);
  }
}
const start = loadStartOrExit();

/** A start that failed: one plain line and a dialog (a native module built for another Node names its fix), then exit. */
function failStart(error: unknown): void {
  const text = nativeModuleProblem(error, currentRuntime()) ?? (error instanceof Error ? error.message : String(error));
  process.stderr.write(`OpenPSM could not start: ${text}\n`);
  dialog.showErrorBox('OpenPSM could not start', text);
  app.exit(1);
}

protocol.registerSchemesAsPrivileged(privilegedSchemes);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAsDefaultProtocolClient(deepLinkScheme);
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  let window: BrowserWindow | null = null;
  let core: ReturnType<typeof createAppCore> | null = null;
  // Deep links (openpsm://start?…): in argv at first launch and for a second instance, or
  // open-url on macOS. Main keeps the link; the renderer takes it and links.open checks it.
  let early: string | null = startLinkIn(process.argv);
  const takeLink = (url: string | null) => {
    if (url === null) return;
    if (core) core.openLink(url);
    else early = url;
  };
  app.on('second-instance', (_event, argv) => {
    takeLink(startLinkIn(argv));
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    takeLink(url);
  });

  const openApp = async () => {
    denyPermissions(session.defaultSession);
    handleAppProtocol(protocol, rendererDir);
    const { dataDir } = start;
    const log = createLogger({ name: 'desktop', sink: fileLogSink(dataDir) });
    // Sign-in opens the system browser (RFC 8252), never a window of ours.
    const secrets = openDesktopSecretStore(dataDir, safeStorage, log);
    // The vault locks when the OS locks the screen or suspends; copied secrets go through main's clipboard.
    core = createAppCore({
      dataDir,
      shell: 'desktop',
      timers: start.timers,
      embeddedServer: start.embeddedServer,
      log,
      secrets,
      openExternal: (url) => (/^https?:\/\//.test(url) ? shell.openExternal(url) : Promise.resolve()),
      systemEvents: powerMonitorEvents(powerMonitor),
      clipboard,
    });
    takeLink(early);
    const ready = core;
    registerIpc(ipcMain, ready.dispatcher, isTrustedSender, log);
    registerSessionPorts(ipcMain, ready.sessions, isTrustedSender, () => new MessageChannelMain(), log);

    window = createSecureWindow(BrowserWindow, preloadPath, {
      width: 1280,
      height: 820,
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: 'OpenPSM',
    });
    const unsubscribe = ready.subscribe((envelope) => window?.webContents.send(ipcChannels.event, envelope));
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => {
      unsubscribe();
      window = null;
    });
    app.on('window-all-closed', () => void ready.close().then(() => app.quit()));
    await window.loadURL(`${appOrigin}/index.html`);
  };
  void app.whenReady().then(openApp).catch(failStart);
}
