import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../csp';

const root = path.resolve(import.meta.dirname, '../..');
const outDir = path.join(root, 'out');

interface ProbeReport {
  calls: string[];
  schemes: { scheme: string; privileges: Record<string, boolean> }[];
  deepLinkScheme: string;
  webPreferences: Record<string, unknown>;
  loaded: string[];
  appIndex: { status: number; csp: string | null; type: string | null };
  appTraversal: { status: number };
  otherHost: { status: number };
  navigation: {
    external: boolean;
    internal: boolean;
    redirect: boolean;
    webview: boolean;
    windowOpen: { action: string };
  };
  permission: boolean | string;
  permissionCheck: boolean;
  ipcChannels: string[];
  preload: Record<string, string | string[]>;
  linkEvents: string[];
}

/**
 * The Electron binary cannot run here, so the built main and preload bundles are loaded
 * in Node with a recording stub `electron` (e2e/electron-stub) and the report is checked.
 */
describe('the built desktop bundles, under a stub electron', () => {
  let report: ProbeReport;

  beforeAll(() => {
    if (!fs.existsSync(path.join(outDir, 'main/index.js')))
      throw new Error('No build in out/: run `npm run build` first (npm test does).');
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-stub-'));
    const stdout = execFileSync(process.execPath, [path.join(root, 'e2e/electron-stub/probe.mjs'), outDir], {
      env: { ...process.env, STUB_USER_DATA: userData },
      timeout: 15_000,
    });
    report = JSON.parse(stdout.toString()) as ProbeReport;
  });

  it('opens the window with isolated, sandboxed webPreferences and no Node or webview', () => {
    expect(report.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(report.webPreferences['preload']).toBe(path.join(outDir, 'preload/index.cjs'));
    expect(report.calls).toContain('app.enableSandbox');
  });

  it('serves the renderer from app:// with the strict CSP, and nothing outside it', () => {
    expect(report.schemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(report.loaded).toEqual(['app://openpsm/index.html']);
    expect(report.appIndex).toMatchObject({
      status: 200,
      csp: contentSecurityPolicy,
      type: 'text/html; charset=utf-8',
    });
    expect(report.appIndex.csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(report.appTraversal.status).toBe(404);
    expect(report.otherHost.status).toBe(404);
  });

  it('registers openpsm: for deep links, as the single instance', () => {
    expect(report.deepLinkScheme).toBe('openpsm');
    expect(report.calls).toContain('app.requestSingleInstanceLock');
    // A second launch's start link reaches the running window as link.opened, once.
    expect(report.linkEvents).toEqual([
      'openpsm://start?TargetPersonGuid=00000000-0000-4000-8000-000000000001&IsAdvanceMode=false',
    ]);
  });

  it('blocks navigation away, new windows, webviews and every permission', () => {
    expect(report.navigation).toEqual({
      external: true,
      internal: false,
      redirect: true,
      webview: true,
      windowOpen: { action: 'deny' },
    });
    expect(report.permission).toBe(false);
    expect(report.permissionCheck).toBe(false);
  });

  it('exposes one small typed surface per service from the preload, never ipcRenderer', () => {
    expect(report.preload).toEqual({
      app: ['getInfo'],
      settings: ['get', 'update'],
      computers: ['list', 'readCertificate', 'remove', 'save'],
      admin: ['call', 'exportAudit'],
      sessions: ['close', 'connect', 'open', 'watch'],
      auth: ['getState', 'setUp', 'signIn', 'signOut'],
      resources: ['decline', 'list', 'terms'],
      links: ['open', 'pending'],
      live: ['follow', 'list', 'terminate', 'watch'],
      recordings: ['index', 'list', 'read', 'retry'],
      vault: [
        'activity',
        'changePassword',
        'copy',
        'create',
        'dismissConflicts',
        'forget',
        'getState',
        'list',
        'lock',
        'remove',
        'reveal',
        'save',
        'unlock',
      ],
      onEvent: 'function',
      attachSession: 'function',
    });
    expect(report.ipcChannels.sort()).toEqual(['ipc:openpsm:call', 'ipc:openpsm:session-attach']);
  });
});
