// `npm start`: builds the app if its sources changed, then runs the Electron window where
// the Electron binary exists, else the browser host (one line saying so, then the URL).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = [
  'src-main',
  'src-renderer',
  'src-shared',
  'src-server',
  'assets',
  'electron.config.ts',
  'package.json',
];
const outputs = ['out/main/index.js', 'out/main/host.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

function newestMtime(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(full).reduce((max, name) => Math.max(max, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

function buildIfStale() {
  const built = outputs.map((f) => path.join(root, f));
  const oldestOutput = built.every((f) => fs.existsSync(f)) ? Math.min(...built.map((f) => fs.statSync(f).mtimeMs)) : 0;
  if (oldestOutput > Math.max(...sources.map(newestMtime))) return;
  process.stderr.write('Building OpenPSM…\n');
  const cli = path.join(root, 'node_modules/electron-vite/bin/electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build', '-c', 'electron.config.ts', '--logLevel', 'error'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) {
    process.stderr.write('OpenPSM could not be built; the messages above say why.\n');
    process.exit(1);
  }
}

/** The Electron binary's path, without calling require('electron') (which would try to download it). */
function electronBinary() {
  const dir = path.join(root, 'node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const relative = fs.readFileSync(pathFile, 'utf8').trim();
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : path.join(dir, 'dist', relative);
  return fs.existsSync(binary) ? binary : null;
}

buildIfStale();
// OPENPSM_FORCE_BROWSER_HOST is checked with every other variable by the app's loadConfig at start.
const binary = process.env.OPENPSM_FORCE_BROWSER_HOST === '1' ? null : electronBinary();
if (binary) {
  // `npm start -- --demo` hands --demo on to the app (the browser host reads it from this process's argv).
  const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(
    'Electron is not available on this machine (no binary in node_modules/electron), so OpenPSM starts its browser host instead.\n',
  );
  await import(path.join(root, 'out/main/host.js'));
}
