/** `/strategies`: contact strategies with versions (the change log) and templates. */
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { resource, route, type ResourceRoutes } from '../route';
import { copyStrategyBody, createStrategyBody, strategyId, strategyQuery, updateStrategyBody, versionParams } from './strategies.schemas';
import { copyStrategy, createStrategy, getStrategy, listStrategies, listVersions, updateStrategy } from './strategies.service';

const READERS = ['admin', 'process-owner', 'operator', 'auditor'] as const;
const WRITERS = ['admin', 'process-owner'] as const;
const idOnly = z.strictObject({ id: strategyId });

export function strategyRoutes(conn: Connection): ResourceRoutes {
  return resource('/strategies', 'strategies', [
    route({ method: 'get', path: '/', summary: 'List strategies (latest versions); ?template=true for templates', roles: READERS, query: strategyQuery, handler: ({ query }) => listStrategies(conn, query) }),
    route({ method: 'post', path: '/', summary: 'Create a strategy (version 1)', roles: WRITERS, body: createStrategyBody, status: 201, handler: ({ body, user }) => createStrategy(conn, body, user) }),
    route({ method: 'get', path: '/:id', summary: 'The latest version of a strategy', roles: READERS, params: idOnly, handler: ({ params }) => getStrategy(conn, params.id) }),
    route({ method: 'put', path: '/:id', summary: 'Change a strategy: writes a new version with the changed fields and the note', roles: WRITERS, params: idOnly, body: updateStrategyBody, status: 201, handler: ({ params, body, user }) => updateStrategy(conn, params.id, body, user) }),
    route({ method: 'get', path: '/:id/versions', summary: 'Every version of a strategy: its change log', roles: READERS, params: idOnly, handler: ({ params }) => listVersions(conn, params.id) }),
    route({ method: 'get', path: '/:id/versions/:version', summary: 'One version of a strategy', roles: READERS, params: versionParams, handler: ({ params }) => getStrategy(conn, params.id, params.version) }),
    route({ method: 'post', path: '/:id/copy', summary: 'A new strategy copied from this one (e.g. a template)', roles: WRITERS, params: idOnly, body: copyStrategyBody, status: 201, handler: ({ params, body, user }) => copyStrategy(conn, params.id, body, user) }),
  ]);
}
