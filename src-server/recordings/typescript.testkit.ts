import fs from 'node:fs';
import path from 'node:path';

/** Writes a typescript as guacd 1.6.0 does: header, flushes, footer; timing lines `<s> <bytes>`. */
export function writeTypescript(dir: string, flushes: Array<{ afterMs: number; text: string }>) {
  const data = path.join(dir, 'ts');
  const timing = path.join(dir, 'ts.timing');
  const bodies = flushes.map((f) => Buffer.from(f.text));
  fs.writeFileSync(
    data,
    Buffer.concat([Buffer.from('[BEGIN TYPESCRIPT]\n'), ...bodies, Buffer.from('\n[END TYPESCRIPT]\n')]),
  );
  fs.writeFileSync(timing, flushes.map((f, i) => `${(f.afterMs / 1000).toFixed(6)} ${bodies[i]?.length}\n`).join(''));
  return { data, timing };
}
