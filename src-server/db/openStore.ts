import { AccessRequestRepository } from './accessRequests';
import path from 'node:path';
import { loadServerKey, serverKeyFrom, type ServerKey } from '../secrets/serverKey';
import { ApiKeyRepository } from './apiKeys';
import { CatalogRepository } from './catalog';
import { ComputerRepository } from './computers';
import { CredentialRepository } from './credentials';
import { openDatabase, type OpenedDatabase } from './database';
import { GrantRepository } from './grants';
import { JitRepository } from './jitAccounts';
import { MfaRepository } from './mfa';
import { migrateToLatest } from './migrations';
import { OneTimeCodeRepository } from './oneTimeCodes';
import { PersonRepository } from './persons';
import { PolicyRepository } from './policies';
import { ServerStateRepository } from './serverState';

/** Where the store lives: the SQLite file in dataDir, or PostgreSQL at databaseUrl (ServerOptions' fields). */
export interface StoreLocation {
  /** Where the SQLite database (and a generated server key) live. */
  dataDir: string;
  /** postgres://… to use PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
}

/** Where the server key comes from (ServerOptions' fields). */
export interface ServerKeySource {
  dataDir: string;
  /** File holding the server key (Docker-secret style). */
  serverKeyFile?: string | undefined;
  /** The server key itself, when the caller keeps it (the embedded app keeps it in the OS keychain). */
  serverKey?: Buffer | undefined;
}

/** The database with its repositories, migrated. Also used by `seed-demo`. */
export async function openStore(options: StoreLocation, key: ServerKey) {
  const opened: OpenedDatabase = openDatabase({
    url: options.databaseUrl,
    sqlitePath: path.join(options.dataDir, 'openpsm.db'),
  });
  try {
    await migrateToLatest(opened.db, opened.dialect);
  } catch (error) {
    await opened.close();
    throw error;
  }
  const { db } = opened;
  return {
    ...opened,
    persons: new PersonRepository(db),
    catalog: new CatalogRepository(db),
    computers: new ComputerRepository(db),
    policies: new PolicyRepository(db, key),
    credentials: new CredentialRepository(db, key),
    state: new ServerStateRepository(db),
    mfa: new MfaRepository(db, key),
    jit: new JitRepository(db, key),
    apiKeys: new ApiKeyRepository(db),
    oneTimeCodes: new OneTimeCodeRepository(db),
    grants: new GrantRepository(db),
    accessRequests: new AccessRequestRepository(db),
  };
}

/** The opened store: the database and its repositories. */
export type Store = Awaited<ReturnType<typeof openStore>>;

/** Resolves the server key from the options: given bytes, a key file, or one generated in dataDir. */
export function resolveServerKey(options: ServerKeySource): { key: ServerKey; generatedAt: string | null } {
  return options.serverKey
    ? { key: serverKeyFrom(options.serverKey), generatedAt: null }
    : loadServerKey({ file: options.serverKeyFile, dataDir: options.dataDir });
}
