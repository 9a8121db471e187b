import type { GuacdHealthInfo } from '@shared/common/api/controlPlane/system';
import type { Reachability } from '@shared/node/net/reachability';
import type { CatalogRepository } from '../db/catalog';
import type { CredentialRepository } from '../db/credentials';
import type { MfaRepository } from '../db/mfa';
import type { SignInModules } from '../identity/signInModules';
import type { PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import { catalogRoutes } from './catalogRoutes';
import { personRoutes } from './personRoutes';
import type { Route } from './router';
import { signInModuleRoutes } from './signInModuleRoutes';
import { systemRoutes } from './systemRoutes';

export interface RouteDeps {
  persons: PersonRepository;
  catalog: CatalogRepository;
  credentials: CredentialRepository;
  state: ServerStateRepository;
  mfa: MfaRepository;
  modules: SignInModules;
  /** Where the external issuer sends people back (to register there). */
  federationRedirectUri(): string;
  /** Whether the gateway's guacd answers (cached), for /health. */
  guacdHealth?: (() => Promise<GuacdHealthInfo>) | undefined;
  /** Whether the gateway reaches a computer's port (cached), for My Resources. */
  reachability?: ((host: string, port: number) => Reachability | Promise<Reachability>) | undefined;
  /** Ends every sign-in of a person. */
  revokeSignIns(personId: string): Promise<number>;
}

/** The IAM Shop API, one table per resource: it drives dispatch, authorization, validation and /openapi.json. */
export function apiRoutes(deps: RouteDeps): Route[] {
  return [...systemRoutes(deps), ...personRoutes(deps), ...catalogRoutes(deps), ...signInModuleRoutes(deps)];
}
