/** `/contacts`: intake of a customer contact, routed to its touchpoint's process. */
import type { AppDeps } from '../deps';
import { resource, route, type ResourceRoutes } from '../route';
import { contactBody, contactResult, idempotencyKeyHeader } from './contacts.schemas';
import { takeContact } from './contacts.service';

export function contactRoutes(deps: AppDeps): ResourceRoutes {
  return resource('/contacts', 'contacts', [
    route({
      method: 'post',
      path: '/',
      summary: 'Take a contact: start (or find, by Idempotency-Key) the case of its touchpoint',
      roles: ['admin', 'operator', 'agent'],
      body: contactBody,
      response: contactResult,
      handler: async ({ req, res, body, user }) => {
        const out = await takeContact(deps, body, idempotencyKeyHeader(req), user);
        res.status(out.created ? 201 : 200).location(out.links.case).json(out);
        return undefined;
      },
    }),
  ]);
}
