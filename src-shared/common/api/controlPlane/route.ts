import { z } from 'zod';
import type { ErrorCode } from '../../errors';
import type { Role } from './basics';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route: nobody signed in, anybody signed in, or the holders of these roles. */
export type Access = 'public' | 'signed-in' | Role[];

/**
 * One control-plane route, written once: the server registers its handler against it, main's
 * client calls it, and /openapi.json describes it. Every path of the API is written in a table
 * of this folder and nowhere else.
 */
export interface RouteSpec<
  P extends z.ZodObject = z.ZodObject,
  B extends z.ZodType | null = z.ZodType | null,
  R extends z.ZodType = z.ZodType,
> {
  method: Method;
  /** e.g. `/api/admin/persons/:id`; each `:name` is a key of `params`. */
  path: string;
  /** One line for /openapi.json. */
  summary: string;
  /** The path's parameters (an empty object when it has none). */
  params: P;
  /** The request body, or null when the route reads none. */
  body: B;
  /**
   * The query string's fields (a list's filters and cursor), each a string on the wire; the
   * router answers BAD_REQUEST naming a bad one. Absent when the route reads none.
   */
  query?: z.ZodObject;
  /** The answer on success. */
  response: R;
  roles: Access;
  /**
   * The codes this route's own checks may answer with. Besides them, the router answers
   * AUTH_REQUIRED and TOKEN_INVALID (not public), FORBIDDEN_ROLE (roles) and BAD_REQUEST (a body).
   */
  errors: ErrorCode[];
  /** The answer's status on success (200 unless set). */
  status?: number;
  /** The largest body accepted, in bytes (64 KiB unless set). */
  maxBodyBytes?: number;
  /**
   * Whether an API key may call this route. Unset, the rule decides: administration and audit
   * routes only (`apiKeyMayCall` in index.ts); anything else refuses a key with API_KEY_NOT_ALLOWED.
   */
  apiKey?: boolean;
}

/** Keeps a table entry's schemas in its type, so server handlers and client calls are typed by them. */
export function defineRoute<P extends z.ZodObject, B extends z.ZodType | null, R extends z.ZodType>(
  spec: RouteSpec<P, B, R>,
): RouteSpec<P, B, R> {
  return spec;
}

/** A path that takes no parameters. */
export const noParams = z.object({});

/**
 * A path parameter holding an id. The router takes only UUID-shaped segments here; each
 * handler looks the id up and answers its own NOT_FOUND.
 */
export const pathId = z
  .string()
  .regex(/^[0-9a-fA-F-]{36}$/, 'must be a UUID')
  .meta({ format: 'uuid' });
export const idParams = z.object({ id: pathId });

/** What a caller passes: the path's parameters when it has any, the body when the route reads one. */
export type RouteInput<S extends RouteSpec> = (keyof S['params']['shape'] extends never
  ? { params?: undefined }
  : { params: z.input<S['params']> }) &
  (S['body'] extends z.ZodType ? { body: z.input<S['body']> } : { body?: undefined }) & {
    /** The query string's fields, for a route that reads them (unset ones are left out). */
    query?: QueryValues;
  };

/** What a query string carries: each field as a string (numbers and booleans are written as text). */
export type QueryValues = Record<string, string | number | boolean | undefined>;

/** `?a=1&b=x` for the set fields of `query`, or '' when none is set. */
export function queryString(query: QueryValues = {}): string {
  const pairs = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

/** The parsed answer of a route. */
export type RouteResult<S extends RouteSpec> = z.output<S['response']>;

/** How one call may differ from the client's defaults. */
export interface CallOptions {
  /** How many times a GET is tried again after a network error; 0 for a caller that falls back at once. */
  retries?: number;
}

/** A call's arguments after the route: its input (optional when it needs none) and options. */
export type CallArgs<S extends RouteSpec> =
  object extends RouteInput<S>
    ? [input?: RouteInput<S>, options?: CallOptions]
    : [input: RouteInput<S>, options?: CallOptions];

/** Calls a table entry: the route's parameters and body in, its parsed answer out. */
export interface ControlPlaneCaller {
  call<S extends RouteSpec>(route: S, ...args: CallArgs<S>): Promise<RouteResult<S>>;
}

/** The path with each `:name` replaced by its parameter (URL-encoded); throws when one is missing. */
export function pathOf(route: Pick<RouteSpec, 'path'>, params: Record<string, string> = {}): string {
  return route.path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route.path} needs the parameter ${name}`);
    return encodeURIComponent(value);
  });
}
