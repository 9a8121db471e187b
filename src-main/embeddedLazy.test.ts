import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '@shared/node/logger';
import { createAppCore } from './appCore';
import { timerDefaults } from './config/timers';
import { MemorySecretStore } from './secrets/secretStore';
import { defaultSettings } from './settings/settingsFile';

// Records each database driver the moment anything loads it (then hands over the real module).
const loaded = vi.hoisted(() => new Set<string>());
vi.mock('better-sqlite3', async (importOriginal) => {
  loaded.add('better-sqlite3');
  return importOriginal();
});
vi.mock('pg', async (importOriginal) => {
  loaded.add('pg');
  return importOriginal();
});

const root = path.resolve(import.meta.dirname, '..');

async function coreIn(backend: (typeof defaultSettings)['backend']) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-lazy-'));
  fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ ...defaultSettings, backend }));
  const core = createAppCore({
    dataDir,
    shell: 'browser-host',
    timers: { ...timerDefaults, backendHealthTimeoutMs: 200 },
    log: createLogger({ name: 'test', sink: () => undefined }),
    secrets: new MemorySecretStore(),
  });
  await core.ready;
  const info = (await core.dispatcher.dispatch('app.getInfo', {})) as {
    ok: true;
    result: { backend: { mode: string } };
  };
  await core.close();
  return info.result.backend.mode;
}

describe('the embedded control plane is loaded only when embedded mode starts', () => {
  it('direct and remote mode run without loading better-sqlite3 or pg; the server loads them once imported', async () => {
    expect(await coreIn({ mode: 'direct', serverUrl: null })).toBe('direct');
    expect(await coreIn({ mode: 'remote', serverUrl: 'http://127.0.0.1:9' })).toBe('remote');
    expect([...loaded]).toEqual([]);
    // The probe itself works: loading the control plane loads both drivers.
    await import('@server/index');
    expect([...loaded].sort()).toEqual(['better-sqlite3', 'pg']);
  });

  /** The entry chunks a bundle loads at start, and every chunk they import statically. */
  function staticGraph(entry: string): { chunks: string[]; packages: Set<string> } {
    const chunks: string[] = [];
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (chunks.includes(file)) return;
      chunks.push(file);
      const text = fs.readFileSync(file, 'utf8');
      // Static imports only: `import … from "x"` and bare `import "x"`; `import("x")` is lazy.
      for (const match of text.matchAll(/^\s*(?:import|export)\s[^;'"]*?(?:from\s*)?["']([^"']+)["']/gm)) {
        const spec = match[1] ?? '';
        if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
        else packages.add(spec);
      }
    };
    visit(entry);
    return { chunks, packages };
  }

  it('in the built bundles, the desktop and browser-host entries import neither driver statically', () => {
    const main = path.join(root, 'out/main');
    if (!fs.existsSync(path.join(main, 'index.js')))
      throw new Error('No build in out/: run `npm run build` first (npm test does).');
    for (const entry of ['index.js', 'host.js']) {
      const { packages } = staticGraph(path.join(main, entry));
      expect(packages.has('electron') || packages.has('ws') || packages.has('zod'), `${entry} has a static graph`).toBe(
        true,
      );
      expect(
        [...packages].filter((p) => p === 'better-sqlite3' || p === 'pg'),
        entry,
      ).toEqual([]);
    }
    // The standalone server, built from the same sources, does import them: the check can see them.
    const server = staticGraph(path.join(main, 'server.js')).packages;
    expect(server.has('better-sqlite3') && server.has('pg')).toBe(true);
  });
});
