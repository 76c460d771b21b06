/** `/knowledge`: the consultation knowledge base (approve, search, most frequent, count a use). */
import type { AppDeps } from '../deps';
import { idParam, resource, route, type ResourceRoutes } from '../route';
import { approveBody, listQuery, searchQuery } from './knowledge.schemas';
import { approveFromComplaint, countUse, listKnowledge, searchKnowledge } from './knowledge.service';

const READERS = ['admin', 'operator', 'agent', 'auditor', 'process-owner'] as const;
const APPROVERS = ['admin', 'operator', 'agent'] as const;

export function knowledgeRoutes(deps: AppDeps): ResourceRoutes {
  return resource('/knowledge', 'knowledge', [
    route({
      method: 'post',
      path: '/from-complaint/:id',
      summary: 'Approve a handled complaint or consultation into a question-and-answer entry',
      roles: APPROVERS,
      params: idParam,
      body: approveBody,
      handler: async ({ res, params, body, user }) => {
        const out = await approveFromComplaint(deps, params.id, body, user);
        res.status(out.created ? 201 : 200).json(out.entry);
        return undefined;
      },
    }),
    route({ method: 'get', path: '/search', summary: 'Keyword search (Latin words, Chinese bigrams), best match first', roles: READERS, query: searchQuery, handler: ({ query }) => searchKnowledge(deps, query.q, query.business, query.limit) }),
    route({ method: 'get', path: '/', summary: 'Most frequent entries, optionally of one business', roles: READERS, query: listQuery, handler: ({ query }) => listKnowledge(deps, query.business, query.limit) }),
    route({ method: 'post', path: '/:id/use', summary: 'Count a use of an entry by an agent', roles: APPROVERS, params: idParam, handler: ({ params }) => countUse(deps, params.id) }),
  ]);
}
