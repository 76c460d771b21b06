/** `/cases`: list, get (read model, optionally the live state), cancel, message, signal, retry, skip, move. */
import type { AppDeps } from '../deps';
import { resource, route, type ResourceRoutes } from '../route';
import { cancelBody, caseGetQuery, caseListQuery, caseParam, messageBody, moveBody, retryBody, signalBody, skipBody } from './cases.schemas';
import { getCase, intervene, listCases } from './cases.service';

const READERS = ['admin', 'process-owner', 'operator', 'auditor'] as const;
const STEERERS = ['admin', 'operator'] as const;

export function caseRoutes(deps: AppDeps): ResourceRoutes {
  return resource('/cases', 'cases', [
    route({ method: 'get', path: '/', summary: 'List cases with filters and pagination', roles: READERS, query: caseListQuery, handler: ({ query }) => listCases(deps, query) }),
    route({
      method: 'get',
      path: '/:id',
      summary: 'One case: record, tokens, variables, incidents, trail and tasks from the read model (asOf); live=true also queries the workflow (state)',
      roles: [...READERS, 'agent'],
      params: caseParam,
      query: caseGetQuery,
      handler: ({ params, query, user }) => getCase(deps, params.id, user, { live: query.live === 'true' }),
    }),
    route({ method: 'post', path: '/:id/cancel', summary: 'Cancel a case (reason mandatory)', roles: STEERERS, params: caseParam, body: cancelBody, handler: ({ params, body, user }) => intervene(deps, params.id, { kind: 'cancel', ...body }, user) }),
    route({ method: 'post', path: '/:id/message', summary: 'Send a BPMN message to a case', roles: STEERERS, params: caseParam, body: messageBody, handler: ({ params, body, user }) => intervene(deps, params.id, { kind: 'message', ...body }, user) }),
    route({ method: 'post', path: '/:id/signal', summary: 'Send a BPMN signal to a case', roles: STEERERS, params: caseParam, body: signalBody, handler: ({ params, body, user }) => intervene(deps, params.id, { kind: 'signal', ...body }, user) }),
    route({ method: 'post', path: '/:id/retry', summary: 'Retry an incident (reason mandatory)', roles: STEERERS, params: caseParam, body: retryBody, handler: ({ params, body, user }) => intervene(deps, params.id, { kind: 'retry', ...body }, user) }),
    route({ method: 'post', path: '/:id/skip', summary: 'Skip a waiting element (reason mandatory)', roles: STEERERS, params: caseParam, body: skipBody, handler: ({ params, body, user }) => intervene(deps, params.id, { kind: 'skip', ...body }, user) }),
    route({ method: 'post', path: '/:id/move', summary: 'Move a token to another element (reason mandatory)', roles: STEERERS, params: caseParam, body: moveBody, handler: ({ params, body, user }) => intervene(deps, params.id, { kind: 'move', ...body }, user) }),
  ]);
}
