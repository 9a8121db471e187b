import { OpenPsmError } from '@shared/common/errors';

/** Runs a database write, turning its constraint errors into coded answers (CONFLICT, BAD_REQUEST). */
export async function guardedWrite<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
      throw new OpenPsmError('CONFLICT');
    if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
      throw new OpenPsmError('BAD_REQUEST', {
        message: 'The request names a person, group or computer that does not exist.',
      });
    throw error;
  }
}
