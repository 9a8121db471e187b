import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

export type Dialect = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * Opens the database: PostgreSQL when `url` is a postgres:// URL, else an embedded SQLite
 * file at `sqlitePath` (created with its folder, readable by the owner only).
 */
export function openDatabase(options: { url?: string | undefined; sqlitePath: string }): OpenedDatabase {
  if (options.url && /^postgres(ql)?:\/\//.test(options.url)) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  fs.mkdirSync(path.dirname(options.sqlitePath), { recursive: true, mode: 0o700 });
  const sqlite = new SqliteDatabase(options.sqlitePath);
  fs.chmodSync(options.sqlitePath, 0o600);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachedStatements(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** The SQLite database as Kysely's dialect uses it: close, and prepare by SQL text. */
export interface SqliteStatements {
  close(): void;
  prepare(sql: string): SqliteDatabase.Statement;
}

/**
 * How many prepared statements the SQLite connection keeps, by SQL text. Kysely asks for every
 * statement by its text; the server's queries come from a few hundred builders (an `in` list of
 * another length is another text), so the least recently used beyond this is dropped.
 */
export const statementCacheSize = 500;

/**
 * The SQLite database as Kysely uses it, preparing each SQL text once: Kysely's SQLite driver
 * prepares every statement again on every call (parsing and planning it), which cost more than
 * running most of them. A cached statement still busy (a streamed query still reading) is not
 * shared: that call gets a statement of its own. SQLite re-prepares a statement by itself when
 * the schema changes (a migration).
 */
export function cachedStatements(sqlite: SqliteDatabase.Database, size = statementCacheSize): SqliteStatements {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteDatabase.Statement {
      const found = cache.get(sql);
      if (found) {
        if (found.busy) return sqlite.prepare(sql);
        // Map keeps insertion order: put it last, so the first is the least recently used.
        cache.delete(sql);
        cache.set(sql, found);
        return found;
      }
      const statement = sqlite.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}
