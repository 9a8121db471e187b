import { useCallback } from 'react';
import type { AdminResult, AdminRouteName } from '@shared/common/api/admin';
import type { QueryValues } from '@shared/common/api/controlPlane/route';
import { useApi } from '../bridge/apiContext';

/** What one administration call sends: the path's parameters, the query's fields and the body. */
export interface AdminInput {
  params?: Record<string, string>;
  query?: QueryValues;
  body?: unknown;
}

/** Calls an administration or audit route by name through main, typed by the route's answer. */
export function useAdmin() {
  const api = useApi();
  return useCallback(
    async <N extends AdminRouteName>(route: N, input: AdminInput = {}): Promise<AdminResult<N>> => {
      const query = Object.fromEntries(
        Object.entries(input.query ?? {}).filter(
          (entry): entry is [string, string | number | boolean] => entry[1] !== undefined,
        ),
      );
      return (await api.admin.call({ route, ...input, query })) as AdminResult<N>;
    },
    [api],
  );
}
