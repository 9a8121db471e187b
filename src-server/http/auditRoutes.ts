import { auditApi, auditExportQuery } from '@shared/common/api/controlPlane/audit';
import type { AuditChange } from '../db/auditLog';
import type { ServerStateRepository } from '../db/serverState';
import { exportPieces, filterOf } from '../audit/exportText';
import type { AuditForwarder, ForwardingSettings } from '../audit/forwarder';
import { route, streamRoute, type Route } from './router';
import { settingRevision } from './settingRevision';
import { Streamed } from './streamed';

/** What the audit routes use. */
export interface AuditRouteDeps {
  state: ServerStateRepository;
  forwarder: AuditForwarder;
}

/** The CA's change is shown by its length, not its text (long, and the same whatever is recorded). */
const pemShown = (pem: string) => (pem.trim() ? `PEM (${pem.trim().length} characters)` : '(none)');

/** Each forwarding field that changed, before and after. */
export function forwardingChanges(before: ForwardingSettings, after: ForwardingSettings): AuditChange[] {
  const fields = ['enabled', 'host', 'port', 'tls'] as const;
  const changes: AuditChange[] = fields
    .filter((f) => before[f] !== after[f])
    .map((f) => ({ field: f, before: before[f], after: after[f] }));
  if (before.caPem.trim() !== after.caPem.trim())
    changes.push({ field: 'caPem', before: pemShown(before.caPem), after: pemShown(after.caPem) });
  return changes;
}

/** The audit log's export and its forwarding to syslog (its pages: systemRoutes). */
export function auditRoutes(deps: AuditRouteDeps): Route[] {
  const { state, forwarder } = deps;
  const revision = settingRevision(state, 'auditForwardingRevision', 'the audit forwarding settings');
  const view = async () => ({
    settings: await forwarder.settings(),
    status: await forwarder.status(),
    revision: await revision.read(),
  });
  return [
    streamRoute({
      spec: auditApi.export,
      handler: async ({ query: checked, caller }) => {
        // The router checked the query with this schema; parsing again types it.
        const query = auditExportQuery.parse(checked);
        await state.audit(caller.username, 'audit.export', `${query.format}: ${JSON.stringify(filterOf(query))}`);
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const type = query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
        return new Streamed(
          type,
          `audit-${stamp}.${query.format}`,
          exportPieces(state.log.stream(filterOf(query)), query.format),
        );
      },
    }),
    route({ spec: auditApi.forwarding, handler: view }),
    route({
      spec: auditApi.setForwarding,
      handler: async ({ body, caller }) => {
        await revision.check(body.revision);
        const before = await forwarder.settings();
        const { enabled, host, port, tls, caPem } = body;
        const next: ForwardingSettings = { enabled, host: host.trim(), port, tls, caPem };
        await forwarder.configure(next);
        const changes = forwardingChanges(before, next);
        if (changes.length > 0) await revision.bump();
        await state.audit(caller.username, 'audit.forwarding', `${next.host}:${next.port}`, changes);
        return view();
      },
    }),
  ];
}
