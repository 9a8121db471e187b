import { z } from 'zod';
import { apiKeyMayCall } from '@shared/common/api/controlPlane';
import pkg from '../../package.json';
import { apiErrorSchema } from '@shared/common/api/controlPlane/basics';
import type { RouteSpec } from '@shared/common/api/controlPlane/route';

const schemaOf = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** The path's parameters, each with the schema of its table entry. */
function parametersOf(r: RouteSpec): unknown[] {
  const path = Object.entries(r.params.shape).map(([name, schema]) => {
    const { $schema: _, ...described } = schemaOf(schema as z.ZodType, 'input');
    return { name, in: 'path', required: true, schema: described };
  });
  const query = Object.entries(r.query?.shape ?? {}).map(([name, schema]) => {
    const { $schema: _, ...described } = schemaOf(schema as z.ZodType, 'input');
    return { name, in: 'query', required: !(schema as z.ZodType).safeParse(undefined).success, schema: described };
  });
  return [...path, ...query];
}

/** The answers of one route: its success, and the refusals the router adds by its roles and body. */
function responsesOf(r: RouteSpec): Record<string, unknown> {
  const error = { content: { 'application/json': { schema: z.toJSONSchema(apiErrorSchema) } } };
  const responses: Record<string, unknown> = {
    [String(r.status ?? 200)]: {
      description: 'OK',
      content: { 'application/json': { schema: schemaOf(r.response, 'output') } },
    },
  };
  if (r.body) responses['400'] = { description: 'Invalid fields, each named', ...error };
  if (r.roles !== 'public') {
    responses['401'] = {
      description: 'No token, or a token that is not valid (WWW-Authenticate: Bearer error="invalid_token")',
      ...error,
    };
    const keys = apiKeyMayCall(r) ? '' : '; an API key is refused here (API_KEY_NOT_ALLOWED)';
    if (Array.isArray(r.roles) || keys)
      responses['403'] = {
        description: `${Array.isArray(r.roles) ? `Needs one of the roles: ${r.roles.join(', ')}` : 'Refused'}${keys}`,
        ...error,
      };
  }
  return responses;
}

/** /openapi.json, generated from the route tables (controlPlane/*.ts) whose schemas validate requests. */
export function openApiDocument(routes: readonly RouteSpec[], serverUrl: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([a-zA-Z]+)/g, '{$1}');
    const parameters = parametersOf(r);
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[r.method.toLowerCase()] = {
      summary: r.summary,
      ...(r.roles === 'public' ? { security: [] } : {}),
      ...(Array.isArray(r.roles) ? { 'x-openpsm-roles': r.roles } : {}),
      ...(r.errors.length ? { 'x-openpsm-errors': r.errors } : {}),
      ...(r.roles === 'public' ? {} : { 'x-openpsm-api-key': apiKeyMayCall(r) }),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } } }
        : {}),
      responses: responsesOf(r),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'OpenPSM control plane (IAM Shop API)', version: pkg.version },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        oidc: { type: 'openIdConnect', openIdConnectUrl: `${serverUrl}/.well-known/openid-configuration` },
      },
    },
    security: [{ oidc: [] }],
    paths,
  };
}
