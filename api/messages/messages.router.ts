/** `/messages`: correlate a message to a process's message start event (start or reach its case). */
import type { AppDeps } from '../deps';
import { resource, route, type ResourceRoutes } from '../route';
import { messageBody } from './messages.schemas';
import { correlateMessage } from './messages.service';

export function messageRoutes(deps: AppDeps): ResourceRoutes {
  return resource('/messages', 'messages', [
    route({
      method: 'post',
      path: '/',
      summary: 'Send a message: starts a case of the process for the correlation key, or reaches the case already running for it',
      roles: ['admin', 'operator'],
      body: messageBody,
      handler: async ({ body, user, res }) => {
        const out = await correlateMessage(deps, body, user);
        res.status(out.started ? 201 : 200).json(out);
        return undefined;
      },
    }),
  ]);
}
