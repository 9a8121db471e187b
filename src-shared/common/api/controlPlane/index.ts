import { accessRequestsApi } from './accessRequests';
import { apiKeysApi } from './apiKeys';
import { auditApi } from './audit';
import { backoffsApi } from './backoffs';
import { computersApi } from './computers';
import { computerToolsApi } from './computerTools';
import { credentialsApi } from './credentials';
import { federationApi } from './federation';
import { grantsApi } from './grants';
import { groupsApi } from './groups';
import { ldapApi } from './ldap';
import { liveApi } from './live';
import { personsApi } from './persons';
import { policiesApi } from './policies';
import { recordingsApi } from './recordings';
import { resourcesApi } from './resources';
import type { RouteSpec } from './route';
import { sessionsApi } from './sessions';
import { systemApi } from './system';
import { vaultApi } from './vault';

/** Every table of the control plane's API, by resource. */
export const controlPlaneTables = {
  system: systemApi,
  persons: personsApi,
  groups: groupsApi,
  resources: resourcesApi,
  computers: computersApi,
  computerTools: computerToolsApi,
  credentials: credentialsApi,
  policies: policiesApi,
  grants: grantsApi,
  accessRequests: accessRequestsApi,
  ldap: ldapApi,
  federation: federationApi,
  backoffs: backoffsApi,
  sessions: sessionsApi,
  live: liveApi,
  recordings: recordingsApi,
  vault: vaultApi,
  apiKeys: apiKeysApi,
  audit: auditApi,
};

/** Every route of the API, in one list (what the server must register and /openapi.json describes). */
export const controlPlaneRoutes: RouteSpec[] = Object.values(controlPlaneTables).flatMap(
  (table) => Object.values(table) as RouteSpec[],
);

/** Whether a request path belongs to the API's routes (the rest of the server is sign-in pages and the gateway). */
export function isControlPlanePath(path: string): boolean {
  return path === systemApi.health.path || path.startsWith('/api/');
}

/** Grants are administration too (access managers' Grants page), under their own path. */
const grantsPath = grantsApi.list.path;

/** The paths the desktop's Administration area may reach through main: administration and the audit log, nothing else. */
export function isAdminPath(path: string): boolean {
  return (
    path.startsWith('/api/admin/') ||
    path === grantsPath ||
    path.startsWith(`${grantsPath}/`) ||
    path === systemApi.audit.path ||
    path.startsWith(`${systemApi.audit.path}/`)
  );
}

/** Access requests (the Requests page), under their own path: a person's routes, not administration. */
const requestsPath = accessRequestsApi.list.path;

/**
 * The paths the renderer reaches through main's one door to the control plane (`admin.call`):
 * administration and audit, and a person's access requests.
 */
export function isAppDoorPath(path: string): boolean {
  return isAdminPath(path) || path === requestsPath || path.startsWith(`${requestsPath}/`);
}

/**
 * Whether an API key may call a route: the route's own `apiKey` when set, else administration
 * and audit routes only. A key never starts, watches or ends a session, nor opens a vault:
 * there is no MFA and no terms behind a key.
 */
export function apiKeyMayCall(spec: Pick<RouteSpec, 'path' | 'apiKey'>): boolean {
  return spec.apiKey ?? isAdminPath(spec.path);
}
