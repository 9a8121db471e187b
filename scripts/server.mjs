// `npm run server`: builds if needed, then runs the control plane on its own.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'out/main/server.js');
if (!fs.existsSync(entry)) {
  const cli = path.join(root, 'node_modules/electron-vite/bin/electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build', '-c', 'electron.config.ts', '--logLevel', 'error'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) process.exit(1);
}
// The control plane runs as production unless told otherwise: answers the handlers build to
// their schema are then not parsed again on every call (src-server/http/router.ts, answersChecked).
process.env.NODE_ENV ??= 'production';
await import(entry);
