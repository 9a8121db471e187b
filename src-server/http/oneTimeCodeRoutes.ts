import { personsApi } from '@shared/common/api/controlPlane/persons';
import { OpenPsmError } from '@shared/common/errors';
import type { OneTimeCodeRepository } from '../db/oneTimeCodes';
import type { PersonRepository } from '../db/persons';
import type { ServerStateRepository } from '../db/serverState';
import { redeemOneTimeCode, type OneTimeCodeSignInDeps } from '../identity/oneTimeCodeSignIn';
import { route, type Route } from './router';

/** What the one-time code routes use. */
export interface OneTimeCodeRouteDeps extends OneTimeCodeSignInDeps {
  persons: PersonRepository;
  oneTimeCodes: OneTimeCodeRepository;
  state: ServerStateRepository;
  /** How long a new code stays valid (OPENPSM_ONE_TIME_CODE_TTL_SECONDS). */
  oneTimeCodeTtlSeconds: number;
}

/**
 * One-time codes: an administrator makes a new one for a local person (shown once, audited
 * without it), and anyone may set the password of the account a code belongs to (public, throttled).
 */
export function oneTimeCodeRoutes(deps: OneTimeCodeRouteDeps): Route[] {
  const { persons, oneTimeCodes, state } = deps;
  return [
    route({
      spec: personsApi.newOneTimeCode,
      handler: async ({ params, caller }) => {
        const person = await persons.findById(params['id'] as string);
        if (!person || person.deletedAt)
          throw new OpenPsmError('NOT_FOUND', { message: 'There is no person with that id.' });
        if (person.source !== 'local')
          throw new OpenPsmError('BAD_REQUEST', {
            message: 'Only a local person has an OpenPSM password: a directory, federated or service account has none.',
          });
        const made = await oneTimeCodes.issue(person.id, deps.oneTimeCodeTtlSeconds);
        await state.audit(caller.username, 'person.one_time_code', person.username, [
          { field: 'oneTimeCode', secret: true },
        ]);
        return made;
      },
    }),
    route({
      spec: personsApi.redeemOneTimeCode,
      handler: async ({ body, address }) => {
        await redeemOneTimeCode(deps, body, address);
        return { ok: true as const };
      },
    }),
  ];
}
