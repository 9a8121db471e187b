import type http from 'node:http';
import type { z } from 'zod';
import type { Role } from '@shared/common/api/controlPlane/basics';
import { apiKeyMayCall } from '@shared/common/api/controlPlane';
import type { Access, RouteSpec } from '@shared/common/api/controlPlane/route';
import { OpenPsmError } from '@shared/common/errors';
import { readFields, sendError, sendJson } from '../httpIo';
import { sendStreamed, Streamed } from './streamed';

export type { Access };

export interface Caller {
  personId: string;
  username: string;
  roles: Role[];
  /** Set when the bearer is an API key: it may call only the routes its table allows (apiKeyMayCall). */
  viaApiKey?: boolean;
}

export interface RouteContext<B, P = Record<string, string>, Q = Record<string, unknown>> {
  body: B;
  params: P;
  /** The query string's fields, checked with the route's `query` schema ({} for a route without one). */
  query: Q;
  caller: Caller;
  /** The client address (clientAddress.ts), for the guessing limiter. */
  address: string;
}

/** A table entry (controlPlane/*.ts) with the server's handler bound to it. */
export interface Route extends RouteSpec {
  /** The entry's `roles`, as the dispatcher checks them. */
  access: Access;
  handler(ctx: RouteContext<unknown, Record<string, string>>): Promise<unknown>;
  /** The handler builds its answer to the schema itself: it is checked only where answersChecked() (answerCheck). */
  builtAnswer?: boolean;
}

/**
 * Whether answers that handlers build to their schema (`route({ builtAnswer: true })`) are
 * parsed again before they go out: in tests and development, not in production
 * (NODE_ENV=production). Profiled on My Resources (1,011 computers, a 216 KB answer): zod's
 * parse took about 1.3 ms of CPU a call, a quarter of the route, for an answer the repository
 * builds field by field (myResources.ts) and whose tests parse it strictly
 * (myResources.test.ts). Every other answer is parsed always (it also strips what the schema
 * does not name).
 */
export const answersChecked = (): boolean => process.env['NODE_ENV'] !== 'production';

type BodyOf<S extends RouteSpec> = S['body'] extends z.ZodType ? z.output<S['body']> : undefined;
type QueryOf<S extends RouteSpec> = S['query'] extends z.ZodObject ? z.output<S['query']> : Record<string, unknown>;

/** Binds a handler to its table entry; the entry's schemas type the handler's body, params and answer. */
export function route<S extends RouteSpec>(definition: {
  spec: S;
  handler(ctx: RouteContext<BodyOf<S>, z.output<S['params']>, QueryOf<S>>): Promise<z.input<S['response']>>;
  /** The answer is built to the schema exactly (no other fields, nothing to transform): see answersChecked. */
  builtAnswer?: boolean;
}): Route {
  const { spec, handler, builtAnswer } = definition;
  return { ...spec, access: spec.roles, handler: handler as Route['handler'], builtAnswer: builtAnswer === true };
}

/** Binds a streaming handler to its table entry (whose `response` describes the text for /openapi.json). */
export function streamRoute<S extends RouteSpec>(definition: {
  spec: S;
  handler(ctx: RouteContext<undefined, z.output<S['params']>, QueryOf<S>>): Promise<Streamed>;
}): Route {
  const { spec, handler } = definition;
  return { ...spec, access: spec.roles, handler: handler as Route['handler'] };
}

/**
 * Finds who holds a bearer token (a sign-in's access token or an API key); null when the token is
 * unknown, expired or its person disabled. May throw an OpenPsmError (too many wrong keys from `address`).
 */
export type Authenticate = (token: string, address: string) => Promise<Caller | null>;

function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(':')) {
      if (!/^[0-9a-fA-F-]{36}$/.test(g)) return null;
      params[w.slice(1)] = g;
    } else if (w !== g) return null;
  }
  return params;
}

const bearerChallenge = (error?: string) => ({
  'www-authenticate': error ? `Bearer realm="openpsm", error="${error}"` : 'Bearer realm="openpsm"',
});

/** Who calls a non-public route: the bearer token's person, with a role the route allows, by a key only where keys may go; null once refused (answered). */
async function authorize(
  r: Route,
  authenticate: Authenticate,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  address: string,
): Promise<Caller | null> {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer ([A-Za-z0-9._~+/=-]{10,2048})$/.exec(header)?.[1];
  if (!token) {
    sendError(res, new OpenPsmError('AUTH_REQUIRED'), bearerChallenge());
    return null;
  }
  const caller = await authenticate(token, address).catch((error: unknown) => {
    if (!(error instanceof OpenPsmError)) throw error;
    sendError(res, error);
    return false as const;
  });
  if (caller === false) return null;
  if (!caller) {
    sendError(res, new OpenPsmError('TOKEN_INVALID'), bearerChallenge('invalid_token'));
    return null;
  }
  if (caller.viaApiKey && !apiKeyMayCall(r)) {
    sendError(res, new OpenPsmError('API_KEY_NOT_ALLOWED'));
    return null;
  }
  if (Array.isArray(r.access) && !r.access.some((role) => caller.roles.includes(role))) {
    sendError(
      res,
      new OpenPsmError('FORBIDDEN_ROLE', {
        message: `Your roles do not allow this. It needs one of: ${r.access.join(', ')}.`,
      }),
      bearerChallenge('insufficient_scope'),
    );
    return null;
  }
  return caller;
}

/** The route's query fields, checked with its schema ({} without one); null once refused (answered, naming each bad field). */
function readQuery(
  r: Route,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): { value: Record<string, unknown> } | null {
  if (!r.query) return { value: {} };
  const search = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const parsed = r.query.safeParse(Object.fromEntries(search));
  if (parsed.success) return { value: parsed.data };
  const fields = parsed.error.issues.map((i) => ({ path: `query.${i.path.join('.')}`, message: i.message }));
  sendError(res, new OpenPsmError('BAD_REQUEST', { message: 'The query string has invalid fields.', fields }));
  return null;
}

/** The route's body, read and checked with its schema (undefined for a route without one); null once refused (answered). */
async function readBody(
  r: Route,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<{ value: unknown } | null> {
  if (!r.body) return { value: undefined };
  const raw = await readFields(req, r.maxBodyBytes).catch((error: unknown) => {
    if ((error as { status?: number }).status === 413) return Symbol.for('openpsm.tooLarge');
    throw error;
  });
  if (raw === Symbol.for('openpsm.tooLarge')) {
    sendError(
      res,
      new OpenPsmError('BAD_REQUEST', {
        message: `The request is larger than ${Math.round((r.maxBodyBytes ?? 65536) / 1024)} KiB.`,
      }),
      {},
      413,
    );
    return null;
  }
  const parsed = typeof raw === 'symbol' ? null : r.body.safeParse(raw);
  if (!parsed || !parsed.success) {
    const fields = parsed
      ? parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: fieldMessage(i.message) }))
      : [{ path: '(body)', message: 'is not valid JSON' }];
    sendError(
      res,
      new OpenPsmError('BAD_REQUEST', {
        message: `The request has invalid fields: ${fields.map((f) => f.path).join(', ')}.`,
        fields,
      }),
    );
    return null;
  }
  return { value: parsed.data };
}

/**
 * Serves the API routes: authenticates, checks roles, validates the body and the answer
 * with the route's schemas. A handler fails by throwing an OpenPsmError; its status comes from
 * the one table (errorStatus.ts). Returns false when no route has this path.
 */
export async function dispatch(
  routes: Route[],
  authenticate: Authenticate,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  path: string,
  address = '',
): Promise<boolean> {
  const matches = routes.map((r) => ({ r, params: matchPath(r.path, path) })).filter((m) => m.params !== null);
  if (matches.length === 0) return false;
  const found = matches.find((m) => m.r.method === req.method);
  if (!found) {
    sendError(
      res,
      new OpenPsmError('BAD_REQUEST', { message: `Use ${matches.map((m) => m.r.method).join(' or ')} here.` }),
      {},
      405,
    );
    return true;
  }
  const { r, params } = found as { r: Route; params: Record<string, string> };
  const caller: Caller | null =
    r.access === 'public'
      ? { personId: '', username: '', roles: [] }
      : await authorize(r, authenticate, req, res, address);
  if (!caller) return true;
  const body = await readBody(r, req, res);
  if (!body) return true;
  const query = readQuery(r, req, res);
  if (!query) return true;
  try {
    const result = await r.handler({ body: body.value, params, query: query.value, caller, address });
    if (result instanceof Streamed) await sendStreamed(res, result);
    else sendJson(res, r.status ?? 200, r.builtAnswer && !answersChecked() ? result : r.response.parse(result));
  } catch (error) {
    if (error instanceof OpenPsmError) sendError(res, error);
    else throw error;
  }
  return true;
}

/** zod's words for a missing field ("Invalid input: expected …, received undefined") as a person reads them. */
function fieldMessage(message: string): string {
  return /received undefined$/.test(message) ? 'is required' : message;
}
