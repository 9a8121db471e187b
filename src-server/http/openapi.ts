import { z } from 'zod';
import pkg from '../../package.json';
import { apiErrorSchema } from '../../src-shared/common/api/iam';
import type { Route } from './router';

/** /openapi.json, generated from the same route table and zod schemas that validate requests. */
export function openApiDocument(routes: Route[], serverUrl: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  const error = { content: { 'application/json': { schema: z.toJSONSchema(apiErrorSchema) } } };
  for (const r of routes) {
    const path = r.path.replace(/:([a-zA-Z]+)/g, '{$1}');
    const params = [...r.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }));
    const responses: Record<string, unknown> = { [String(r.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: z.toJSONSchema(r.response, { io: 'output', unrepresentable: 'any' }) } } } };
    if (r.body) responses['400'] = { description: 'Invalid fields, each named', ...error };
    if (r.access !== 'public') {
      responses['401'] = { description: 'No token, or a token that is not valid (WWW-Authenticate: Bearer error="invalid_token")', ...error };
      if (Array.isArray(r.access)) responses['403'] = { description: `Needs one of the roles: ${r.access.join(', ')}`, ...error };
    }
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[r.method.toLowerCase()] = {
      summary: r.summary,
      ...(r.access === 'public' ? { security: [] } : {}),
      ...(Array.isArray(r.access) ? { 'x-openpsm-roles': r.access } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'OpenPSM control plane (IAM Shop API)', version: pkg.version },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { oidc: { type: 'openIdConnect', openIdConnectUrl: `${serverUrl}/.well-known/openid-configuration` } } },
    security: [{ oidc: [] }],
    paths,
  };
}
