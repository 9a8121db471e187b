import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import { isErrorCode, OpenPsmError } from '@shared/common/errors';
import { apiErrorSchema } from '@shared/common/api/controlPlane/basics';
import {
  pathOf,
  queryString,
  type CallArgs,
  type CallOptions,
  type ControlPlaneCaller,
  type QueryValues,
  type RouteResult,
  type RouteSpec,
} from '@shared/common/api/controlPlane/route';

/** What the client needs from the token broker. */
export interface TokenSource {
  /** A current access token; throws NOT_SIGNED_IN when there is none. */
  accessToken(): Promise<string>;
  /** Called once when the server rejects the token as invalid; true when a fresh one is ready. */
  refreshAfterRejection(): Promise<boolean>;
}

export interface IamClientOptions {
  /** The control plane's base URL, or null when there is none (direct mode). */
  baseUrl(): string | null;
  tokens: TokenSource;
  /** How many times an idempotent GET is tried again after a network error or a 502/503/504. */
  retries?: number;
  retryDelayMs: number;
  timeoutMs?: number;
}

/** A code this app does not know (a newer server's) reads as INTERNAL, with the server's message. */
const knownCode = (data: unknown): unknown =>
  data !== null &&
  typeof data === 'object' &&
  'code' in data &&
  typeof data.code === 'string' &&
  !isErrorCode(data.code)
    ? { ...data, code: 'INTERNAL' }
    : data;

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** The server's coded answer as our error, unchanged: its code when we know it, its message, its bad field and when to try again. */
function serverError(res: AxiosResponse): OpenPsmError {
  const parsed = apiErrorSchema.safeParse(knownCode(res.data));
  if (!parsed.success)
    return new OpenPsmError('INTERNAL', {
      message: `The control plane answered HTTP ${res.status} without an error code.`,
    });
  const { code, message, fields, retryAfterSeconds } = parsed.data;
  return new OpenPsmError(code, { message, path: fields?.[0]?.path, fields, retryAfterSeconds });
}

/**
 * The control plane's API, called through the route tables (controlPlane/*.ts) and typed by
 * their schemas. Retries idempotent GETs only.
 * Refreshes the token only on a 401 carrying `WWW-Authenticate: Bearer error="invalid_token"`,
 * and only once; any other 401 reaches the caller unchanged.
 */
export class IamClient implements ControlPlaneCaller {
  private readonly http: AxiosInstance;
  private readonly retries: number;

  constructor(private readonly options: IamClientOptions) {
    this.retries = options.retries ?? 2;
    this.http = axios.create({
      timeout: options.timeoutMs ?? 10_000,
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: false,
    });
  }

  /** Calls one entry of the route tables; a GET is tried again after a network error unless `retries` is 0 (a caller that falls back at once). */
  call<S extends RouteSpec>(route: S, ...args: CallArgs<S>): Promise<RouteResult<S>> {
    const [input, options] = args as [
      { params?: Record<string, string>; body?: unknown; query?: QueryValues }?,
      CallOptions?,
    ];
    return this.request(
      route.method,
      pathOf(route, input?.params) + queryString(input?.query),
      route.response as S['response'],
      input?.body,
      options?.retries,
    );
  }

  /**
   * A route that answers text (an export), read whole up to `maxBytes` (past it: TOO_LARGE);
   * its file name from Content-Disposition. Errors as for `call`.
   */
  async text(
    route: RouteSpec,
    query: QueryValues,
    maxBytes: number,
  ): Promise<{ text: string; fileName: string | null }> {
    const base = this.options.baseUrl();
    if (!base) throw new OpenPsmError('NO_BACKEND');
    const url = new URL(pathOf(route) + queryString(query), base).href;
    for (let refreshed = false; ; refreshed = true) {
      const res = await this.http
        .get<string>(url, {
          headers: { authorization: `Bearer ${await this.options.tokens.accessToken()}` },
          responseType: 'text',
          transformResponse: [(data: unknown) => data],
          maxContentLength: maxBytes,
          timeout: 0,
        })
        .catch((error: unknown) => {
          if (/maxContentLength/.test(String(error))) throw new OpenPsmError('EXPORT_TOO_LARGE');
          throw new OpenPsmError('SERVER_UNREACHABLE');
        });
      const invalid = /error="invalid_token"/.test(String(res.headers['www-authenticate'] ?? ''));
      if (res.status === 401 && invalid && !refreshed && (await this.options.tokens.refreshAfterRejection())) continue;
      if (res.status >= 400) throw serverError({ ...res, data: parseJson(res.data) });
      const fileName = /filename="([^"]+)"/.exec(String(res.headers['content-disposition'] ?? ''))?.[1] ?? null;
      return { text: res.data, fileName };
    }
  }

  private async request<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
    retries = this.retries,
  ): Promise<z.output<S>> {
    const base = this.options.baseUrl();
    if (!base) throw new OpenPsmError('NO_BACKEND');
    const idempotent = method === 'GET' && retries > 0;
    let refreshed = false;
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.options.tokens.accessToken();
      let res: AxiosResponse;
      try {
        res = await this.http.request({
          method,
          url: new URL(path, base).href,
          data: body,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        });
      } catch {
        if (idempotent && attempt < retries) {
          await this.pause(attempt);
          continue;
        }
        throw new OpenPsmError('SERVER_UNREACHABLE');
      }
      if (idempotent && [502, 503, 504].includes(res.status) && attempt < retries) {
        await this.pause(attempt);
        continue;
      }
      if (res.status === 401) {
        const challenge = String(res.headers['www-authenticate'] ?? '');
        if (!refreshed && /^Bearer\b.*\berror="invalid_token"/.test(challenge)) {
          refreshed = true;
          if (await this.options.tokens.refreshAfterRejection()) continue;
          throw new OpenPsmError('SIGN_IN_REVOKED');
        }
        throw serverError(res);
      }
      if (res.status >= 400) throw serverError(res);
      const parsed = schema.safeParse(res.data);
      if (!parsed.success)
        throw new OpenPsmError('INVALID_RESULT', {
          message: `The control plane's answer to ${method} ${path} does not match the contract (${parsed.error.issues[0]?.path.join('.') ?? ''}).`,
        });
      return parsed.data;
    }
  }

  private pause(attempt: number): Promise<void> {
    return new Promise((r) => setTimeout(r, this.options.retryDelayMs * 2 ** attempt));
  }
}
