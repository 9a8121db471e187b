import { adminRoute } from '@shared/common/api/admin';
import type { ControlPlaneCaller, RouteSpec } from '@shared/common/api/controlPlane/route';
import { auditApi } from '@shared/common/api/controlPlane/audit';
import { OpenPsmError } from '@shared/common/errors';
import type { IamClient } from './iamClient';
import type { Handlers } from '../rpc/dispatcher';

type LooseCaller = {
  call(route: RouteSpec, input: { params?: Record<string, string>; body?: unknown; query?: unknown }): Promise<unknown>;
};

/** The largest audit export the app reads into memory for a download (the server streams any size). */
export const auditExportCapBytes = 64 * 1024 * 1024;

type TextReader = Pick<IamClient, 'text'>;

/** `admin.*`: the Administration area's calls, forwarded to the control plane with the person's own token. */
export function adminHandlers(iam: ControlPlaneCaller & TextReader): Handlers['admin'] {
  return {
    exportAudit: async (query) => {
      const answer = await iam.text(auditApi.export, query, auditExportCapBytes);
      return { text: answer.text, fileName: answer.fileName ?? `audit.${query.format}` };
    },
    call: ({ route, params, query, body }) => {
      const spec = adminRoute(route);
      if (!spec)
        throw new OpenPsmError('UNKNOWN_METHOD', { message: `"${route}" is not an administration or audit route.` });
      return (iam as unknown as LooseCaller).call(spec, { params, query, body: spec.body ? body : undefined });
    },
  };
}
