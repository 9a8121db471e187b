import { adminRoute } from '@shared/common/api/admin';
import type { ControlPlaneCaller, RouteSpec } from '@shared/common/api/controlPlane/route';
import { OpenPsmError } from '@shared/common/errors';
import type { Handlers } from '../rpc/dispatcher';

type LooseCaller = {
  call(route: RouteSpec, input: { params?: Record<string, string>; body?: unknown; query?: unknown }): Promise<unknown>;
};

/** `admin.*`: the Administration area's calls, forwarded to the control plane with the person's own token. */
export function adminHandlers(iam: ControlPlaneCaller): Handlers['admin'] {
  return {
    call: ({ route, params, query, body }) => {
      const spec = adminRoute(route);
      if (!spec)
        throw new OpenPsmError('UNKNOWN_METHOD', { message: `"${route}" is not an administration or audit route.` });
      return (iam as unknown as LooseCaller).call(spec, { params, query, body: spec.body ? body : undefined });
    },
  };
}
