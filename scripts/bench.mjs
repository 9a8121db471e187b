// `npm run bench`: runs every bench/*.bench.ts (or the files named) and prints their `BENCH` lines.
// vitest's reporter and the benches share one stdout: a `BENCH` line can land behind the reporter's
// dots and escape codes. Every line of the child's output is passed on, with each `BENCH` line
// cut loose onto a line of its own, so `grep '^BENCH'` finds every figure.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const escapes = new RegExp(String.raw`\u001b\[[0-9;?]*[A-Za-z]`, 'g');

const child = spawn(
  process.execPath,
  [vitest, 'run', '--config', 'vitest.bench.config.ts', '--reporter=dot', ...process.argv.slice(2)],
  { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] },
);

/** One line of the child's output: any text before a `BENCH` goes on its own line, the figure on the next. */
function emit(line) {
  const at = line.indexOf('BENCH ');
  if (at < 0) return process.stdout.write(`${line}\n`);
  const before = line.slice(0, at);
  if (before !== '') process.stdout.write(`${before}\n`);
  process.stdout.write(`${line.slice(at).replace(escapes, '').trimEnd()}\n`);
}

let pending = '';
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk) => {
  const lines = (pending + chunk).split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) emit(line);
});
child.on('close', (code, signal) => {
  if (pending) emit(pending);
  process.exit(code ?? (signal ? 1 : 0));
});
