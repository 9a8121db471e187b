import { computersApi } from '@shared/common/api/controlPlane/computers';
import { computerListQuery, type ComputerDetail } from '@shared/common/api/controlPlane/computerFields';
import { OpenPsmError } from '@shared/common/errors';
import type { ComputerRepository } from '../db/computers';
import type { AuditChange, ServerStateRepository } from '../db/serverState';
import type { LiveSessions } from '../gateway/liveSessions';
import { guardedWrite } from './guardedWrite';
import { rdpAuditText } from './rdpSecurityRoutes';
import { route, type Route } from './router';

export interface ComputerRouteDeps {
  computers: ComputerRepository;
  state: ServerStateRepository;
  /** The sessions running through the gateway: a computer with one is not deleted unless they are ended. */
  live: Pick<LiveSessions, 'ofComputer'>;
}

const notFound = () => new OpenPsmError('NOT_FOUND', { message: 'There is no computer with that id.' });

/** Which protocol each option belongs to. */
const optionProtocol = { rdp: 'rdp', rdpDomain: 'rdp', sshHostKey: 'ssh', vncColorDepth: 'vnc' } as const;

/** BAD_REQUEST naming each option set (not null) for a protocol other than the computer's. */
function checkOptions(protocol: string, options: Partial<Record<keyof typeof optionProtocol, unknown>>) {
  const fields = Object.entries(optionProtocol)
    .filter(([name, wanted]) => wanted !== protocol && (options[name as keyof typeof optionProtocol] ?? null) !== null)
    .map(([name, wanted]) => ({
      path: name,
      message: `is for ${wanted.toUpperCase()} computers, not ${protocol.toUpperCase()}`,
    }));
  if (fields.length > 0)
    throw new OpenPsmError('BAD_REQUEST', { message: "Some options are not for this computer's protocol.", fields });
}

/** A computer's fields as the audit shows them (RDP settings as one text; never a secret: a computer holds none). */
function auditValues(c: ComputerDetail): Record<string, unknown> {
  return {
    name: c.name,
    protocol: c.protocol,
    host: c.host,
    port: c.port,
    tags: c.tags.join(', '),
    jitEnabled: c.jitEnabled,
    recording: c.recording,
    liveMonitoring: c.liveMonitoring,
    rdp: c.protocol === 'rdp' ? rdpAuditText(c.rdp) : null,
    rdpDomain: c.rdpDomain,
    sshHostKey: c.sshHostKey,
    vncColorDepth: c.vncColorDepth,
  };
}

/** The fields that differ between two states (before null: a new computer; after null: a deleted one). */
function changesBetween(before: ComputerDetail | null, after: ComputerDetail | null): AuditChange[] {
  const was = before ? auditValues(before) : {};
  const now = after ? auditValues(after) : {};
  return Object.keys(before ? was : now)
    .filter((field) => was[field] !== now[field])
    .map((field) => ({ field, before: was[field] ?? null, after: now[field] ?? null }));
}

const stale = (current: ComputerDetail) =>
  new OpenPsmError('STALE_REVISION', {
    message: `Someone changed ${current.name} since you opened it (it is now at revision ${current.revision}). Reload it; what you typed is kept.`,
    fields: [{ path: 'revision', message: `is now ${current.revision}` }],
  });

/** COMPUTER_IN_USE for `count` running sessions, saying they can be ended. */
const inUse = (name: string, count: number) =>
  new OpenPsmError('COMPUTER_IN_USE', {
    message: `${name} has ${count} live session${count === 1 ? '' : 's'}, so it was not deleted. End the session${count === 1 ? '' : 's'} and delete it, or wait until ${count === 1 ? 'it ends' : 'they end'}.`,
  });

/** Managed computers: list (search, protocol, tag, pages), add, read, edit on a revision, and delete. */
export function computerRoutes(deps: ComputerRouteDeps): Route[] {
  const { computers, state } = deps;
  const existing = async (id: string | undefined) => {
    const found = id ? await computers.get(id) : null;
    if (!found) throw notFound();
    return found;
  };
  return [
    route({ spec: computersApi.list, handler: ({ query }) => computers.list(computerListQuery.parse(query)) }),
    route({
      spec: computersApi.get,
      handler: ({ params }) => existing(params['id']),
    }),
    route({
      spec: computersApi.create,
      handler: async ({ body, caller }) => {
        checkOptions(body.protocol, body);
        const id = await guardedWrite(() => computers.create(body));
        const created = await existing(id);
        await state.audit(caller.username, 'computer.create', created.name, changesBetween(null, created));
        return created;
      },
    }),
    route({
      spec: computersApi.update,
      handler: async ({ params, body, caller }) => {
        const before = await existing(params['id']);
        if (before.revision !== body.revision) throw stale(before);
        checkOptions(body.protocol ?? before.protocol, body);
        if (!(await guardedWrite(() => computers.update(before, body)))) throw stale(await existing(before.id));
        const after = await existing(before.id);
        await state.audit(caller.username, 'computer.update', after.name, changesBetween(before, after));
        return after;
      },
    }),
    route({
      spec: computersApi.remove,
      handler: async ({ params, query, caller }) => {
        const before = await existing(params['id']);
        const running = deps.live.ofComputer(before.id);
        if (running.length > 0 && (query as { endSessions?: string }).endSessions !== 'true')
          throw inUse(before.name, running.length);
        for (const session of running) {
          await state.audit(
            caller.username,
            'terminate',
            `${session.computerName} (${session.policyName}) of ${session.username}: the computer is being deleted`,
          );
          session.end(
            new OpenPsmError('SESSION_TERMINATED', {
              message: `${caller.username} (administrator) ended this session to delete the computer ${before.name}.`,
            }),
            'TERMINATED',
          );
        }
        if (!(await computers.remove(before.id))) throw notFound();
        await state.audit(caller.username, 'computer.delete', before.name, changesBetween(before, null));
        return { ok: true as const, endedSessions: running.length };
      },
    }),
  ];
}
