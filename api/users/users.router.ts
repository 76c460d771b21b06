/** `/users`: user administration (admins), readable by auditors. */
import type { Connection } from 'mongoose';
import { createUserBody, updateUserBody } from '../auth/auth.schemas';
import { idParam, resource, route, type ResourceRoutes } from '../route';
import { createUser, getUser, listUsers, updateUser } from './users.service';

export function userRoutes(conn: Connection): ResourceRoutes {
  return resource('/users', 'users', [
    route({ method: 'get', path: '/', summary: 'List users', roles: ['admin', 'auditor'], handler: () => listUsers(conn) }),
    route({
      method: 'post',
      path: '/',
      summary: 'Create a user',
      roles: ['admin'],
      body: createUserBody,
      status: 201,
      handler: ({ body, user }) => createUser(conn, body, user),
    }),
    route({ method: 'get', path: '/:id', summary: 'Get a user', roles: ['admin', 'auditor'], params: idParam, handler: ({ params }) => getUser(conn, params.id) }),
    route({
      method: 'patch',
      path: '/:id',
      summary: 'Change a user (roles, groups, skills, duty calendar, password, disabled)',
      roles: ['admin'],
      params: idParam,
      body: updateUserBody,
      handler: ({ params, body, user }) => updateUser(conn, params.id, body, user),
    }),
  ]);
}
