import { describe, expect, it } from 'vitest';
import { readComputerCsv } from './computerCsv';

describe('readComputerCsv', () => {
  it('reads computers with defaults: the usual port, no tags, recording and live monitoring on', () => {
    const csv = readComputerCsv(
      'Name,Protocol,Host,Port,Tags,Recording,Live Monitoring\n' +
        'web-01,ssh,10.0.0.1,,prod; linux ;prod,yes,0\n' +
        '"db, main",RDP,db.lab,3390,,,\n' +
        'kvm,vnc,kvm.lab,,,false,true\n',
    );
    expect(csv.refusals).toEqual([]);
    expect(csv.lines).toBe(3);
    expect(csv.computers).toEqual([
      {
        line: 2,
        name: 'web-01',
        protocol: 'ssh',
        host: '10.0.0.1',
        port: 22,
        tags: ['prod', 'linux'],
        recording: true,
        liveMonitoring: false,
      },
      {
        line: 3,
        name: 'db, main',
        protocol: 'rdp',
        host: 'db.lab',
        port: 3390,
        tags: [],
        recording: true,
        liveMonitoring: true,
      },
      {
        line: 4,
        name: 'kvm',
        protocol: 'vnc',
        host: 'kvm.lab',
        port: 5900,
        tags: [],
        recording: false,
        liveMonitoring: true,
      },
    ]);
  });

  it('accepts only the three required columns, in any order', () => {
    const csv = readComputerCsv('host,name,protocol\r\nt.lab,term,telnet\r\n');
    expect(csv.computers).toMatchObject([{ name: 'term', host: 't.lab', port: 23 }]);
  });

  it('refuses each bad line with its line number, field and reason', () => {
    const csv = readComputerCsv(
      [
        'name,protocol,host,port,tags,recording',
        'ok-1,ssh,a.lab,22,,',
        ',ssh,b.lab,22,,',
        'bad-proto,ftp,c.lab,,,',
        'bad-host,ssh,not a host,,,',
        'bad-port,ssh,d.lab,70000,,',
        'bad-flag,ssh,e.lab,,,maybe',
        'bad-tag,ssh,f.lab,,a<b>,',
        'short,ssh',
        'OK-1,ssh,g.lab,,,',
        'taken,ssh,h.lab,,,',
      ].join('\n'),
      new Set(['taken']),
    );
    expect(csv.refusals.map((r) => [r.line, r.field])).toEqual([
      [3, 'name'],
      [4, 'protocol'],
      [5, 'host'],
      [6, 'port'],
      [7, 'recording'],
      [8, 'tags'],
      [9, 'cells'],
      [10, 'name'],
      [11, 'name'],
    ]);
    expect(csv.refusals.find((r) => r.line === 4)?.message).toBe('must be ssh, rdp, vnc or telnet');
    expect(csv.refusals.find((r) => r.line === 10)?.message).toBe('"OK-1" is already the name of line 2');
    expect(csv.refusals.find((r) => r.line === 11)?.message).toBe('a computer named "taken" already exists');
  });

  it('refuses a header with unknown, repeated or missing columns, and an empty file', () => {
    const header = readComputerCsv('name,protocol,hostname,name\nx,ssh,y,x\n');
    expect(header.refusals.map((r) => [r.line, r.field, r.message])).toEqual([
      [1, 'columns', expect.stringContaining('"hostname" is not a column')],
      [1, 'columns', '"name" is named twice'],
      [1, 'columns', 'the column "host" is missing'],
    ]);
    expect(readComputerCsv('').refusals).toMatchObject([{ line: 1, field: 'file' }]);
    expect(readComputerCsv('name,protocol,host\n').refusals).toMatchObject([{ line: 2, field: 'file' }]);
  });

  it('refuses a CSV syntax error at its line and still checks the lines before it', () => {
    const csv = readComputerCsv('name,protocol,host\nweb,ssh,w.lab\n"open,ssh,x.lab\n');
    expect(csv.refusals).toMatchObject([{ line: 3, field: 'file', message: expect.stringContaining('never closed') }]);
    expect(csv.computers).toHaveLength(1);
  });
});
