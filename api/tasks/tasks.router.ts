/** `/tasks`: the inbox; claim, unclaim, complete. */
import type { AppDeps } from '../deps';
import { resource, route, type ResourceRoutes } from '../route';
import { completeBody, inboxQuery, taskParam } from './tasks.schemas';
import { claim, complete, getTask, inbox, unclaim } from './tasks.service';

const READERS = ['admin', 'operator', 'agent', 'auditor'] as const;
const WORKERS = ['admin', 'operator', 'agent'] as const;

export function taskRoutes(deps: AppDeps): ResourceRoutes {
  return resource('/tasks', 'tasks', [
    route({ method: 'get', path: '/', summary: 'Inbox: tasks by user, group, skill (agents see their own and their groups\')', roles: READERS, query: inboxQuery, handler: ({ query, user }) => inbox(deps, query, user) }),
    route({ method: 'get', path: '/:id', summary: 'One task', roles: READERS, params: taskParam, handler: ({ params, user }) => getTask(deps, params.id, user) }),
    route({ method: 'post', path: '/:id/claim', summary: 'Claim a task', roles: WORKERS, params: taskParam, handler: ({ params, user }) => claim(deps, params.id, user) }),
    route({ method: 'post', path: '/:id/unclaim', summary: 'Give a claimed task back', roles: WORKERS, params: taskParam, handler: ({ params, user }) => unclaim(deps, params.id, user) }),
    route({
      method: 'post',
      path: '/:id/complete',
      summary: 'Complete a task with form data (validated by the case)',
      roles: WORKERS,
      params: taskParam,
      body: completeBody,
      handler: ({ params, body, user }) => complete(deps, params.id, body.data, user),
    }),
  ]);
}
