import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanRepository, scanStoredData, scanText } from './secretScan';

const root = path.resolve(import.meta.dirname, '..');

describe('the repository secret scan', () => {
  it('finds no secret in any tracked file', () => {
    expect(scanRepository(root)).toEqual([]);
  });

  it.each([
    ['a private key', 'src-server/key.ts', '-----BEGIN RSA PRIVATE KEY-----'],
    ['a cloud key', 'README.md', 'aws_key = AKIAABCDEFGHIJKLMNOP'],
    ['a password literal', 'src-main/x.ts', "const config = { password: 'hunter22' };"],
    ['a lab password outside tests', 'src-main/x.ts', '// psmtest-Pass1'],
    ['a password literal in a test that is not lab data', 'e2e/x.test.ts', "password: 'real-prod-Secret'"],
    ['a password literal in a unit test that is not lab data', 'src-main/x.test.ts', "password: 'real-prod-Secret'"],
  ])('catches %s', (_name, file, line) => {
    expect(scanText(file, `ok\n${line}\n`)).toHaveLength(1);
  });

  it('does not take a UI label for a password', () => {
    expect(scanText('src-renderer/x.tsx', "const labels = { password: 'Password' };")).toEqual([]);
  });

  it('allows the captures’ lab passwords under e2e/ and in tests', () => {
    expect(
      scanText('e2e/fixtures/guacd-double/config.ts', "{ username: 'psmtest', password: 'psmtest-Pass1' }"),
    ).toEqual([]);
    expect(scanText('src-shared/node/x.test.ts', "{ password: 'psmtest-Pass1' }")).toEqual([]);
  });
});

describe('the stored-data secret scan (recordings and the keystroke index)', () => {
  it('finds an injected secret in a recording as text or as a base64 blob, and passes a clean recording', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpsm-scan-'));
    const clean = fs.readFileSync(path.join(root, 'e2e/fixtures/guacd/ssh-session.recording'));
    fs.mkdirSync(path.join(dir, 'store'));
    fs.writeFileSync(path.join(dir, 'store', 'clean'), clean);
    fs.writeFileSync(path.join(dir, 'typed'), Buffer.concat([clean, Buffer.from('4.blob,1.1,12.unit-Secret-4411;')]));
    fs.writeFileSync(
      path.join(dir, 'blob'),
      `4.blob,1.1,20.${Buffer.from('x unit-Secret-4411 y').toString('base64')};`,
    );
    expect(scanStoredData([path.join(dir, 'store')], ['psmtest-Pass1', 'unit-Secret-4411'])).toEqual([]);
    expect(
      scanStoredData([dir], ['unit-Secret-4411'])
        .map((f) => path.basename(f.file))
        .sort(),
    ).toEqual(['blob', 'typed']);
  });
});
