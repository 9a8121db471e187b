import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Scans the repository's tracked files for secrets: private keys, cloud keys, tokens and
 * password literals. The guacd captures' lab passwords are test data and allowed, but only
 * under e2e/, bench/ and in test files.
 */
export interface Finding {
  file: string;
  line: number;
  rule: string;
}

const rules: { name: string; pattern: RegExp }[] = [
  { name: 'private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'AWS access key', pattern: /\bAKIA[0-9A-Z]{16}\b/ },
  { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'Slack token', pattern: /\bxox[baprs]-[A-Za-z0-9-]{10,}/ },
  { name: 'JWT', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
];

/** `password: '…'`-style literals; a value that only repeats its key (a UI label) is not a secret. */
const passwordLiteral = /(?<![\w-])(pass(?:word)?|secret|api[_-]?key)\b["']?\s*[:=]\s*["']([^"'\s]{6,})["']/gi;
function hasPasswordLiteral(line: string): boolean {
  for (const match of line.matchAll(passwordLiteral))
    if ((match[2] ?? '').toLowerCase() !== (match[1] ?? '').toLowerCase()) return true;
  return false;
}

/** The captures' lab values (fixtures/guacd/README.md) and the tests' own made-up ones. */
export const allowedTestValues = [
  'psmtest-Pass1',
  'vncpass1',
  'wrong-Pass9',
  'wrongpw9',
  'dm5jcGFzczE=',
  'ops-Pass2',
  'demo-Password-1234',
  'broker-Password-1234',
  'broker-shared-secret',
  'Shared-Secret-Never-Returned-42',
  'Sh4red-Secret-For-Repo-Test',
  'Another-Secret-To-Scan-77',
  'long-enough-password',
  'contract-Password-1',
  'desktop-Password-1',
  'first-Admin-Password-1',
  'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  'lena-Ldap-Pass-1',
  'otto-Ldap-Pass-1',
  'svc-Ldap-Pass-1',
  'jdoe-Ldap-Pass-1',
  'KeyBody-Zq9',
  'Theirs-1',
  'Unit-Key-Text-3',
  'Old-Secret-1',
  'First-Secret-1',
  'Second-Secret-2',
  'Pass-A',
  'Route-Secret-One-1',
  'Route-Secret-Two-2',
  'Grant-Route-Secret-1',
  'Route-3',
  'slapd-Root-Pass-1',
  'x-password-1',
  'upstream-Client-Secret-1',
  'upstream-cookie-key-for-tests',
  'unit-Secret-4411',
  'unit-Credential-Secret-1',
  'unit-Master-Password-77',
  'unit-New-Master-88',
  'unit-Outage-Secret-2',
  'unit-From-A-3',
  'unit-From-B-4',
  'e2e-Master-Tulip-Orbit-91',
  'e2e-Second-Cascade-Lantern-27',
  'e2e-Personal-Secret-3141',
  'e2e-Offline-Secret-2718',
  'unit-Other-Master-99',
  'e2e-Private-Key-Body-1618',
  'bench-Master-Password-1',
  'from-the-desktop',
  'Personal-Secret-Never-Stored-7',
  'e2e-Advanced-Harbor-Quill-58',
  'e2e-Desk-Lantern-Violet-73',
  'S3cret-bench',
  'given-Password-1',
  'Demo-Password-For-Health-1',
  'Demo-Secret-1',
  'first-Admin-Pass-1',
  'e2e-launch-secret-0123456789',
  'e2e-session-token-0123456789',
];
const labValue = new RegExp(allowedTestValues.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

export function scanText(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const inTests = file.startsWith('e2e/') || file.startsWith('bench/') || /(\.test\.tsx?|\.testkit\.ts)$/.test(file);
  text.split('\n').forEach((content, index) => {
    const hits = rules.filter((rule) => rule.pattern.test(content)).map((rule) => rule.name);
    if (hasPasswordLiteral(content)) hits.push('password literal');
    for (const rule of hits) {
      if (inTests && labValue.test(content)) continue;
      findings.push({ file, line: index + 1, rule });
    }
    if (!inTests && labValue.test(content))
      findings.push({ file, line: index + 1, rule: 'lab password outside tests' });
  });
  return findings;
}

/** Every tracked text file under `root`. */
export function scanRepository(root: string): Finding[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root }).toString().split('\0').filter(Boolean);
  return files.flatMap((file) => {
    if (file === 'scripts/secretScan.ts' || file === 'scripts/secretScan.test.ts') return [];
    const full = path.join(root, file);
    if (!fs.existsSync(full) || fs.statSync(full).size > 8 * 1024 * 1024) return [];
    const bytes = fs.readFileSync(full);
    if (bytes.includes(0)) return [];
    return scanText(file, bytes.toString('utf8'));
  });
}

/**
 * The forms a secret may take in stored data: as typed, and base64 at each of the three
 * alignments it can have inside a longer blob (only the groups made of its bytes alone).
 */
function secretForms(secret: string): Buffer[] {
  const bytes = Buffer.from(secret, 'utf8');
  const aligned = [0, 1, 2].map((k) => {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    return Buffer.from(encoded.slice(k === 0 ? 0 : 4, Math.floor((k + bytes.length) / 3) * 4), 'utf8');
  });
  return [bytes, ...aligned];
}

function filesUnder(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  return fs.statSync(p).isDirectory() ? fs.readdirSync(p).flatMap((n) => filesUnder(path.join(p, n))) : [p];
}

/**
 * Scans stored data (recordings, their store, quarantine, the keystroke index in the database)
 * for secrets the product injected: each file's bytes, whole, for each secret as typed and as
 * base64. Returns the files and which secret (by position) each holds.
 */
export function scanStoredData(paths: string[], secrets: string[]): Array<{ file: string; secret: number }> {
  const files = paths.flatMap(filesUnder);
  const found: Array<{ file: string; secret: number }> = [];
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    secrets.forEach((secret, i) => {
      if (secretForms(secret).some((form) => bytes.includes(form))) found.push({ file, secret: i });
    });
  }
  return found;
}
