/** Builds the OpenAPI 3.1 document from the route declarations (zod schemas are the single source). */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z, type ZodType } from 'zod';
import type { ResourceRoutes } from '../route';

const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string().optional(), elementId: z.string().optional(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

const problemResponse = (description: string): RouteConfig['responses'][string] => ({
  description,
  content: { 'application/problem+json': { schema: problem } },
});

/** Express `/a/:id` to OpenAPI `/a/{id}`. */
function toOpenApiPath(prefix: string, path: string): string {
  const full = `${prefix}${path === '/' ? '' : path}` || '/';
  return full.replace(/:(\w+)/g, '{$1}');
}

export function buildOpenApi(resources: ResourceRoutes[], version: string): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  registry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'X-API-Key' });
  for (const res of resources) {
    for (const spec of res.specs) {
      const isPublic = spec.roles === 'public';
      const bodyContent: Record<string, { schema: ZodType }> = {};
      const jsonBody = spec.body ?? spec.docBody;
      if (jsonBody) bodyContent['application/json'] = { schema: jsonBody };
      for (const ct of spec.bodyContentTypes ?? []) bodyContent[ct] = { schema: z.string() };
      const ok = spec.status ?? 200;
      registry.registerPath({
        method: spec.method,
        path: toOpenApiPath(res.prefix, spec.path),
        tags: [res.tag],
        summary: spec.summary,
        description: isPublic ? 'No authentication.' : `Roles: ${(spec.roles as readonly string[]).join(', ')}.`,
        security: isPublic ? [] : [{ bearer: [] }, { apiKey: [] }],
        request: {
          ...(spec.params ? { params: spec.params as never } : {}),
          ...(spec.query ? { query: spec.query as never } : {}),
          ...(Object.keys(bodyContent).length ? { body: { content: bodyContent, required: true } } : {}),
        },
        responses: {
          [ok]: spec.response ? { description: 'OK', content: { 'application/json': { schema: spec.response } } } : { description: 'OK' },
          400: problemResponse('Invalid request'),
          ...(isPublic ? {} : { 401: problemResponse('Not authenticated'), 403: problemResponse('Role not allowed') }),
          404: problemResponse('Not found'),
        },
      });
    }
  }
  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: '3.1.0',
    info: { title: 'Touchpoint API', version, description: 'Process definitions, touchpoint map, cases, tasks, customers and the audit log.' },
    servers: [{ url: '/' }],
  });
}
