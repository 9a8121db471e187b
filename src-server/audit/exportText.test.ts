import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../db/auditLog';
import { csvCell, exportPieces } from './exportText';
import { syslogMessage } from './syslogFrame';

const entry = (id: number, target: string): AuditEntry => ({
  id,
  at: '2026-12-01T05:00:00.000Z',
  actor: 'alice',
  action: 'person.update',
  target,
  changes: [{ field: 'displayName', before: 'A', after: 'B, "b"' }],
  sessionId: null,
});

async function* entries(n: number) {
  for (let i = 1; i <= n; i += 1) yield entry(i, `t-${i}`);
}

const collect = async (pieces: AsyncIterable<string>) => {
  let text = '';
  for await (const piece of pieces) text += piece;
  return text;
};

describe('the export', () => {
  it('quotes CSV cells that need it and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\n')).toBe('"say ""hi""\n"');
    expect(csvCell('=cmd()')).toBe("'=cmd()");
  });

  it('writes CSV with a header line and JSON lines, one entry per line, in pieces', async () => {
    const csv = await collect(exportPieces(entries(3), 'csv', 2));
    expect(csv.split('\r\n')).toEqual([
      'id,at,actor,action,target,session,changes',
      ...[1, 2, 3].map(
        (i) =>
          `${i},2026-12-01T05:00:00.000Z,alice,person.update,t-${i},,"[{""field"":""displayName"",""before"":""A"",""after"":""B, \\""b\\""""}]"`,
      ),
      '',
    ]);
    const jsonl = await collect(exportPieces(entries(3), 'jsonl', 2));
    expect(
      jsonl
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as AuditEntry).target),
    ).toEqual(['t-1', 't-2', 't-3']);
  });

  it('escapes structured-data values in a syslog message', () => {
    expect(syslogMessage(entry(7, 'a "quoted" ] \\ target'), 'host one')).toMatch(
      /^<85>1 2026-12-01T05:00:00.000Z host_one openpsm - person.update \[openpsm@32473 id="7" actor="alice" action="person.update" target="a \\"quoted\\" \\] \\\\ target"\] \{/,
    );
  });
});
