import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';
import type { Host } from './processes';
import type { RealGuacd } from './realGuacd';
import type { Target, TestAccount } from './realTargets';
import { litPixels } from './sessionUi';

/** A file's text, or null while it does not exist yet. */
export function textOf(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Logs worth reading when a test fails. */
export interface LabLogs {
  guacd?: RealGuacd | undefined;
  host?: Host | undefined;
  targets?: Record<string, Target | undefined>;
}

/**
 * On failure (or always, with OPENPSM_E2E_SHOW_LOGS=1), prints guacd's, the host's and the
 * targets' log lines and attaches them to the report: a real guacd explains itself only there.
 */
export async function reportLogsOnFailure(testInfo: TestInfo, logs: LabLogs): Promise<void> {
  if (testInfo.status === testInfo.expectedStatus && process.env['OPENPSM_E2E_SHOW_LOGS'] !== '1') return;
  const sections: Array<[string, string[]]> = [
    [`guacd ${logs.guacd?.version ?? ''}`, logs.guacd?.log() ?? []],
    ['browser host', [...(logs.host?.stdout ?? []), ...(logs.host?.stderr ?? [])]],
    ...Object.entries(logs.targets ?? {}).map(([name, t]): [string, string[]] => [name, t?.log ?? []]),
  ];
  for (const [name, lines] of sections) {
    if (lines.length === 0) continue;
    const body = lines.join('\n');
    console.error(`----- ${name} log (${testInfo.title}) -----\n${body}`);
    await testInfo.attach(`${name} log`, { body, contentType: 'text/plain' });
  }
}

/**
 * In the session tab `name`, logged in as `user`: waits until its shell shows a prompt (the
 * account's PROMPT_COMMAND counts them) and the tab draws, then types `echo <random marker> >
 * <file>` and Enter into the session screen, and waits (bounded) until the file on disk holds
 * the marker.
 */
export async function typeCommandThatWritesAFile(page: Page, name: string, user: TestAccount, promptsBefore: number) {
  const tab = page.getByRole('region', { name: `Session ${name}` });
  await expect(tab.getByTestId('session-state')).toHaveText('Connected', { timeout: 20_000 });
  await expect.poll(() => user.prompts(), { timeout: 20_000 }).toBeGreaterThan(promptsBefore);
  await expect.poll(() => litPixels(page, name), { timeout: 10_000 }).toBeGreaterThan(100);
  const marker = crypto.randomBytes(8).toString('hex');
  const file = path.join(user.workDir, `typed-${marker}.txt`);
  await tab.getByTestId('session-screen').click();
  await page.keyboard.type(`echo ${marker} > ${file}`);
  await page.keyboard.press('Enter');
  await expect.poll(() => textOf(file), { timeout: 15_000 }).toBe(`${marker}\n`);
  await expect(tab.getByTestId('session-state')).toHaveText('Connected');
}
