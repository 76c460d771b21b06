/** `/customers`: records (masked for roles without the right) and contact history. */
import type { Connection } from 'mongoose';
import { idParam, resource, route, type ResourceRoutes } from '../route';
import { customerBody, customerListQuery, customerPatch } from './customers.schemas';
import { contactHistory, createCustomer, customerHistory, getCustomer, listCustomers, updateCustomer } from './customers.service';

const READERS = ['admin', 'operator', 'agent', 'auditor'] as const;
const WRITERS = ['admin', 'operator'] as const;

export function customerRoutes(conn: Connection): ResourceRoutes {
  return resource('/customers', 'customers', [
    route({ method: 'get', path: '/', summary: 'List customers (masked for roles without the right)', roles: READERS, query: customerListQuery, handler: ({ query, user }) => listCustomers(conn, query, user) }),
    route({ method: 'post', path: '/', summary: 'Create a customer record', roles: WRITERS, body: customerBody, status: 201, handler: ({ body, user }) => createCustomer(conn, body, user) }),
    route({ method: 'get', path: '/:id', summary: 'One customer (masked for roles without the right)', roles: READERS, params: idParam, handler: ({ params, user }) => getCustomer(conn, params.id, user) }),
    route({ method: 'patch', path: '/:id', summary: 'Change a customer record', roles: WRITERS, params: idParam, body: customerPatch, handler: ({ params, body, user }) => updateCustomer(conn, params.id, body, user) }),
    route({
      method: 'get',
      path: '/:id/history',
      summary: 'The customer history, newest first: every contact (with its case status) and every complaint (status, SLA state, classification)',
      roles: READERS,
      params: idParam,
      handler: ({ params, user }) => customerHistory(conn, params.id, user),
    }),
    route({ method: 'get', path: '/:id/contacts', summary: 'Contact history across cases', roles: READERS, params: idParam, handler: ({ params, user }) => contactHistory(conn, params.id, user) }),
  ]);
}
