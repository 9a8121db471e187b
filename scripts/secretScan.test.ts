import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanRepository, scanText } from './secretScan';

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
    expect(scanText('e2e/fixtures/guacd-double/config.ts', "{ username: 'psmtest', password: 'psmtest-Pass1' }")).toEqual([]);
    expect(scanText('src-shared/node/x.test.ts', "{ password: 'psmtest-Pass1' }")).toEqual([]);
  });
});
