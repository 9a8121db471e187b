import { z } from 'zod';
import { adminContract } from './admin';
import { appContract, backendStateSchema } from './app';
import { authContract, authStateSchema, linksContract, resourcesContract } from './auth';
import { computersContract } from './computers';
import { liveContract, liveListSchema } from './live';
import { recordingsContract } from './recordings';
import { sessionsContract } from './sessions';
import type { ServiceContract } from './rpc';
import { settingsContract, settingsSchema } from './settings';
import { vaultContract, vaultStateSchema } from './vault';

/** Every service the renderer may call, by name. */
export const contract = {
  app: appContract,
  settings: settingsContract,
  computers: computersContract,
  sessions: sessionsContract,
  auth: authContract,
  resources: resourcesContract,
  vault: vaultContract,
  links: linksContract,
  live: liveContract,
  recordings: recordingsContract,
  admin: adminContract,
} satisfies Record<string, ServiceContract>;
export type Contract = typeof contract;
export type ServiceName = keyof Contract;

/** Every event main pushes to the renderer, by name. */
export const eventContract = {
  /** The settings changed (from any window). */
  'settings.changed': settingsSchema,
  /** The backend's state changed. */
  'backend.changed': backendStateSchema,
  /** The sign-in changed (signed in, signed out, failed). */
  'auth.changed': authStateSchema,
  /** The sign-in ended without the user asking (refresh refused or revoked): open session tabs close. */
  'auth.expired': z.object({ message: z.string() }),
  /** The vault's state changed (created, unlocked, locked, synced, offline). */
  'vault.changed': vaultStateSchema,
  /** The OS opened a start link (openpsm://start?…) in the desktop app; the renderer checks it with links.open. */
  'link.opened': z.object({ url: z.string() }),
  /** The live sessions changed (one started, ended, or gained or lost a watcher), while the Live view follows them. */
  'live.changed': liveListSchema,
} satisfies Record<string, z.ZodType>;
export type EventName = keyof typeof eventContract;
export type EventData<E extends EventName> = z.output<(typeof eventContract)[E]>;

export const eventEnvelopeSchema = z.object({
  event: z.enum(Object.keys(eventContract) as [EventName, ...EventName[]]),
  data: z.unknown(),
});

/** Looks up a method by its wire name `service.method`; undefined when there is none. */
export function findMethod(
  name: string,
): { service: ServiceName; method: string; def: { params: z.ZodType; result: z.ZodType } } | undefined {
  const dot = name.indexOf('.');
  if (dot <= 0) return undefined;
  const service = name.slice(0, dot);
  const method = name.slice(dot + 1);
  if (!Object.hasOwn(contract, service)) return undefined;
  const methods: ServiceContract = contract[service as ServiceName];
  if (!Object.hasOwn(methods, method)) return undefined;
  const def = methods[method];
  return def ? { service: service as ServiceName, method, def } : undefined;
}

/** Every wire name, e.g. `settings.update`. */
export function methodNames(): string[] {
  return Object.entries(contract).flatMap(([service, methods]) => Object.keys(methods).map((m) => `${service}.${m}`));
}
