import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cachedStatements } from './database';

describe('SQLite statements prepared once', () => {
  it('prepares a SQL text once, keeps at most the bound (least recently used goes), and never shares a busy one', () => {
    const sqlite = new SqliteDatabase(':memory:');
    const db = cachedStatements(sqlite, 2);
    db.prepare('create table t (n integer)').run();
    db.prepare('insert into t values (1), (2)').run();
    const count = db.prepare('select count(*) as n from t');
    expect(db.prepare('select count(*) as n from t')).toBe(count);
    // Two other texts push `count` out: it is prepared anew.
    db.prepare('select 1');
    db.prepare('select 2');
    const again = db.prepare('select count(*) as n from t');
    expect(again).not.toBe(count);
    expect(again.get()).toEqual({ n: 2 });
    // A statement still being read (a streamed query) is not handed out twice.
    const rows = db.prepare('select n from t order by n');
    const reading = rows.iterate();
    expect(reading.next().value).toEqual({ n: 1 });
    const second = db.prepare('select n from t order by n');
    expect(second).not.toBe(rows);
    expect(second.all()).toEqual([{ n: 1 }, { n: 2 }]);
    expect(reading.next().value).toEqual({ n: 2 });
    reading.return?.();
    db.close();
  });
});
