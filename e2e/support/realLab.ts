import fs from 'node:fs';
import type { TestInfo } from '@playwright/test';
import type { Host } from './processes';
import type { RealGuacd } from './realGuacd';
import type { Target } from './realTargets';

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
  /** The app's process (a browser host, or `npm start`): its output. */
  host?: Pick<Host, 'stdout' | 'stderr'> | undefined;
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
