import pkg from '../../package.json';
import { auditPageQuery } from '@shared/common/api/controlPlane/audit';
import {
  systemApi,
  type GuacdHealthInfo,
  type serverSettingsPatchSchema,
} from '@shared/common/api/controlPlane/system';
import type { z } from 'zod';
import { OpenPsmError } from '@shared/common/errors';
import { filterOf } from '../audit/exportText';
import { cursorOf } from '../db/auditLog';
import type { AuditChange, ServerStateRepository } from '../db/serverState';
import { mfaRequiredKey } from '../identity/mfaFlow';
import { passwordRulesKey, passwordRulesOf } from '../identity/passwordRules';
import { route, type Route } from './router';

/** The server setting that turns the RDP proxy on or off. */
export const rdpProxyKey = 'rdpProxyEnabled';
/** The server settings' revision (see serverSettingsSchema). */
const settingsRevisionKey = 'settingsRevision';

type SettingsPatch = z.output<typeof serverSettingsPatchSchema>;

/** The settings as flat fields (`passwordRules.minLength`), for the audit's before and after. */
function flatFields(value: object, prefix = ''): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).flatMap(([key, v]) =>
      v !== null && typeof v === 'object'
        ? Object.entries(flatFields(v as object, `${prefix}${key}.`))
        : [[`${prefix}${key}`, v]],
    ),
  );
}

/** Each setting that changed, before and after. */
export function settingChanges(before: object, after: object): AuditChange[] {
  const was = flatFields(before);
  return Object.entries(flatFields(after))
    .filter(([field, value]) => was[field] !== value)
    .map(([field, value]) => ({ field, before: was[field], after: value }));
}

/** A save that names an older revision than the settings have now. */
function staleSettings(now: number): OpenPsmError {
  return new OpenPsmError('STALE_REVISION', {
    message: `Someone saved the server settings since you opened them (now revision ${now}). Reload; what you typed is kept.`,
    fields: [{ path: 'revision', message: `is now ${now}` }],
  });
}

/** What the system routes use. */
export interface SystemRouteDeps {
  state: ServerStateRepository;
  /** Whether the gateway's guacd answers (cached); /health leaves it out when absent. */
  guacdHealth?: (() => Promise<GuacdHealthInfo>) | undefined;
}

/** The server itself: liveness, its settings, and the audit log's pages (export and forwarding: auditRoutes). */
export function systemRoutes(deps: SystemRouteDeps): Route[] {
  const { state, guacdHealth } = deps;
  const settings = async () => ({
    rdpProxyEnabled: await state.getSetting(rdpProxyKey, true),
    mfaRequiredForSignIn: await state.getSetting(mfaRequiredKey, false),
    passwordRules: await passwordRulesOf(state),
    revision: await state.getSetting(settingsRevisionKey, 0),
  });
  const save = async (body: SettingsPatch) => {
    if (body.rdpProxyEnabled !== undefined) await state.setSetting(rdpProxyKey, body.rdpProxyEnabled);
    if (body.mfaRequiredForSignIn !== undefined) await state.setSetting(mfaRequiredKey, body.mfaRequiredForSignIn);
    if (body.passwordRules)
      await state.setSetting(passwordRulesKey, { ...(await passwordRulesOf(state)), ...body.passwordRules });
  };
  return [
    route({
      spec: systemApi.health,
      handler: async () => ({
        status: 'ok' as const,
        service: 'openpsm-control-plane',
        version: pkg.version,
        ...(guacdHealth ? { guacd: await guacdHealth() } : {}),
      }),
    }),
    route({ spec: systemApi.settings, handler: () => settings() }),
    route({
      spec: systemApi.setSettings,
      handler: async ({ body, caller }) => {
        const before = await settings();
        if (body.revision !== undefined && body.revision !== before.revision) throw staleSettings(before.revision);
        await save(body);
        const changes = settingChanges({ ...before, revision: 0 }, { ...(await settings()), revision: 0 });
        if (changes.length > 0) await state.setSetting(settingsRevisionKey, before.revision + 1);
        const after = await settings();
        // Every change request is audited, even one that changed nothing (its fields say so).
        const target = changes.map((c) => c.field).join(' ') || 'no change';
        await state.audit(caller.username, 'settings.update', target, changes);
        return after;
      },
    }),
    route({
      spec: systemApi.audit,
      handler: ({ query: checked }) => {
        const query = auditPageQuery.parse(checked);
        return state.log.page(
          { ...filterOf(query), before: cursorOf(query.cursor) },
          query.limit ? Number(query.limit) : 200,
        );
      },
    }),
  ];
}
