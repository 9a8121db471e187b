// Retakes the README's screenshots (docs/*.png): runs every end-to-end spec that calls
// readmeShot(), and only those. The full e2e run takes them too; this is the short way.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const specs = fs
  .readdirSync(path.join(root, 'e2e'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.spec.ts'))
  .filter((file) => fs.readFileSync(path.join(root, 'e2e', file), 'utf8').includes('readmeShot('))
  .map((file) => path.join('e2e', file));
const run = spawnSync('npx', ['playwright', 'test', ...specs, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
