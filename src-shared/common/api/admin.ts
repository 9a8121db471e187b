import { z } from 'zod';
import { controlPlaneTables, isAppDoorPath } from './controlPlane';
import { auditExportQuery } from './controlPlane/audit';
import type { RouteResult, RouteSpec } from './controlPlane/route';
import type { ServiceContract } from './rpc';

type Tables = typeof controlPlaneTables;
/** A control-plane route by its table and entry name, e.g. `persons.list`. */
export type AdminRouteName = { [T in keyof Tables]: `${T & string}.${keyof Tables[T] & string}` }[keyof Tables];
/** The route spec a name stands for. */
export type AdminRouteSpec<N extends AdminRouteName> = N extends `${infer T}.${infer E}`
  ? T extends keyof Tables
    ? E extends keyof Tables[T]
      ? Tables[T][E]
      : never
    : never
  : never;
export type AdminResult<N extends AdminRouteName> =
  AdminRouteSpec<N> extends RouteSpec ? RouteResult<AdminRouteSpec<N>> : never;

/** The route a name stands for, when it is an administration, audit or access-request route; undefined otherwise. */
export function adminRoute(name: string): RouteSpec | undefined {
  const [table, entry, ...rest] = name.split('.');
  if (!table || !entry || rest.length > 0 || !Object.hasOwn(controlPlaneTables, table)) return undefined;
  const routes = controlPlaneTables[table as keyof Tables] as Record<string, RouteSpec>;
  const spec = Object.hasOwn(routes, entry) ? routes[entry] : undefined;
  return spec && isAppDoorPath(spec.path) ? spec : undefined;
}

const queryValue = z.union([z.string().max(2048), z.number(), z.boolean()]);

/**
 * The Administration area's one door to the control plane: main calls an administration or
 * audit route by name with the signed-in person's token (the renderer never holds it), and the
 * server checks roles, fields and revisions as for any caller.
 */
export const adminContract = {
  /** Calls `route` (e.g. `persons.list`); fails with UNKNOWN_METHOD for a route outside administration and audit. */
  call: {
    params: z
      .object({
        route: z.string().max(100),
        params: z.record(z.string(), z.string().max(200)).optional(),
        query: z.record(z.string(), queryValue).optional(),
        body: z.unknown().optional(),
      })
      .strict(),
    result: z.unknown(),
  },
  /**
   * The filtered audit log as a CSV or JSON-lines file's text (the export route, read whole by
   * main up to its cap; past it EXPORT_TOO_LARGE), for the renderer to save as a download.
   */
  exportAudit: {
    params: auditExportQuery.strict(),
    result: z.object({ fileName: z.string(), text: z.string() }),
  },
} satisfies ServiceContract;
