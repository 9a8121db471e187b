import crypto from 'node:crypto';
import type { CatalogRepository } from './db/catalog';
import type { CredentialRepository } from './db/credentials';
import type { PersonRepository } from './db/persons';
import type { ServerStateRepository } from './db/serverState';
import { hashPassword } from './identity/passwords';

/** The repositories the demo writes to (what `openStore` returns has them all). */
interface DemoStore {
  persons: PersonRepository;
  catalog: CatalogRepository;
  credentials: CredentialRepository;
  state: ServerStateRepository;
}

/** Where the demo's SSH computers point (an sshd on this machine) and whose account web-01's shared credential is. */
export interface DemoTargets {
  ssh: { host: string; port: number; user: string };
}

/** The demo's targets unless told otherwise: this machine's own sshd, and the other protocols' usual ports on it. */
export const localDemoTargets: DemoTargets = { ssh: { host: '127.0.0.1', port: 22, user: 'deploy' } };

/** What `npm start -- --demo` hands the embedded control plane. */
export interface DemoOptions extends DemoTargets {
  password: string;
  secret: string;
}

/** What `seed-demo` made, for the caller to print. */
export interface DemoResult {
  created: boolean;
  usernames: string[];
}

/** The five demo people, Dave disabled, and the Linux and Windows admin groups. */
async function seedDemoPeople(persons: PersonRepository, hash: string) {
  const alice = await persons.create({
    username: 'alice',
    displayName: 'Alice Admin',
    passwordHash: hash,
    roles: ['administrator'],
  });
  const bob = await persons.create({
    username: 'bob',
    displayName: 'Bob Manager',
    passwordHash: hash,
    roles: ['access_manager'],
  });
  await persons.create({
    username: 'carol',
    displayName: 'Carol Auditor',
    passwordHash: hash,
    roles: ['auditor'],
  });
  const dave = await persons.create({
    username: 'dave',
    displayName: 'Dave Departed',
    passwordHash: hash,
    roles: [],
  });
  await persons.update(dave.id, { disabled: true });
  const erin = await persons.create({
    username: 'erin',
    displayName: 'Erin Engineer',
    passwordHash: hash,
    roles: [],
  });
  const linux = await persons.createGroup('Linux admins', [alice.id, erin.id, dave.id]);
  const windows = await persons.createGroup('Windows admins', [alice.id]);
  return { bob, linux, windows };
}

/**
 * The six demo computers, one or more per protocol, all recorded and watchable; win-01 has JIT
 * accounts. They point at this machine: the SSH ones at its sshd, the others at their usual
 * ports on 127.0.0.1, so each answers when that service runs here (My Resources says which do).
 */
async function seedDemoComputers(catalog: CatalogRepository, targets: DemoTargets) {
  const computer = (
    name: string,
    protocol: 'ssh' | 'rdp' | 'vnc' | 'telnet',
    host: string,
    port: number,
    jitEnabled = false,
  ) => catalog.createComputer({ name, protocol, host, port, jitEnabled, recording: true, liveMonitoring: true });
  const { host, port } = targets.ssh;
  const web = await computer('web-01', 'ssh', host, port);
  const db = await computer('db-01', 'ssh', host, port);
  const legacy = await computer('legacy-01', 'telnet', '127.0.0.1', 23);
  const win = await computer('win-01', 'rdp', '127.0.0.1', 3389, true);
  const kiosk = await computer('kiosk-01', 'vnc', '127.0.0.1', 5900);
  const vault = await computer('vault-01', 'ssh', host, port);
  return { web, db, legacy, win, kiosk, vault };
}

/** The three demo policies: Linux servers for the Linux group, Windows servers for the Windows group, break glass for Bob. */
async function seedDemoPolicies(
  catalog: CatalogRepository,
  people: Awaited<ReturnType<typeof seedDemoPeople>>,
  computers: Awaited<ReturnType<typeof seedDemoComputers>>,
) {
  const { bob, linux, windows } = people;
  const { web, db, legacy, win, kiosk, vault } = computers;
  await catalog.createPolicy({
    name: 'Linux servers',
    persons: [],
    groups: [linux],
    computers: [web, db, legacy],
    credentialKinds: ['shared', 'personal'],
    accessLevels: [{ name: 'Operator', preApproval: false, groups: [linux] }],
    mfaRequired: false,
    terms: 'This session is recorded and may be watched live by an access manager.',
    maxDurationMinutes: 240,
  });
  await catalog.createPolicy({
    name: 'Windows servers',
    persons: [],
    groups: [windows],
    computers: [win, kiosk],
    credentialKinds: ['shared', 'jit'],
    accessLevels: [{ name: 'Domain admin', preApproval: true, groups: [windows] }],
    mfaRequired: true,
    terms: 'This session is recorded.',
    maxDurationMinutes: 120,
  });
  await catalog.createPolicy({
    name: 'Break glass',
    persons: [bob.id],
    groups: [],
    computers: [vault],
    credentialKinds: ['shared'],
    accessLevels: [],
    mfaRequired: true,
    terms: 'Emergency access is reviewed.',
    maxDurationMinutes: 60,
  });
}

/**
 * Demo data: five people, two groups, six computers, three access request policies and
 * shared credentials (web-01's is `targets.ssh.user` with `secret`). Every demo account gets `password`; shared credentials get `secret`.
 * Does nothing when the demo administrator already exists.
 */
export async function seedDemo(
  store: DemoStore,
  password: string,
  secret: string,
  targets: DemoTargets = localDemoTargets,
): Promise<DemoResult> {
  const usernames = ['alice', 'bob', 'carol', 'dave', 'erin'];
  if (await store.persons.findByUsername('alice')) return { created: false, usernames };
  const hash = await hashPassword(password);
  const people = await seedDemoPeople(store.persons, hash);
  const computers = await seedDemoComputers(store.catalog, targets);
  await seedDemoPolicies(store.catalog, people, computers);
  const { web, db, win, vault } = computers;
  for (const [id, user] of [
    [web, targets.ssh.user],
    [db, 'postgres'],
    [win, 'Administrator'],
    [vault, 'root'],
  ] as const)
    await store.credentials.create({ computerId: id, username: user, secret });
  await store.state.audit('seed-demo', 'demo.seed', `${usernames.length} persons`);
  return { created: true, usernames };
}

/** A random password a person can type: 4 groups of 5 characters. */
export function randomPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{5}/g)?.join('-') ?? chars;
}
