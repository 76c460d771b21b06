/** `/auth`: login, the caller's identity, and API keys for systems. */
import { z } from 'zod';
import type { Connection } from 'mongoose';
import { users, ROLES } from '../../store/users';
import { appendAudit } from '../audit/audit.service';
import { resource, route, type ResourceRoutes } from '../route';

const keyIdParam = z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/, 'expected a 16-hex-digit API key id') });
import { createApiKey, listApiKeys, login, publicUser, revokeApiKey } from './auth.service';
import { createApiKeyBody, loginBody, userView } from './auth.schemas';

export function authRoutes(conn: Connection, key: () => Uint8Array): ResourceRoutes {
  return resource('/auth', 'auth', [
    route({
      method: 'post',
      path: '/login',
      summary: 'Log in with username and password; returns a signed token',
      roles: 'public',
      body: loginBody,
      response: z.object({ token: z.string(), user: userView }),
      handler: ({ body }) => login(conn, key(), body.username, body.password),
    }),
    route({
      method: 'get',
      path: '/me',
      summary: 'The caller',
      roles: ROLES,
      handler: async ({ user }) => {
        if (user.kind === 'api-key') return user;
        const u = await users(conn).findById(user.id).lean();
        return u ? publicUser(u) : user;
      },
    }),
    route({
      method: 'post',
      path: '/api-keys',
      summary: 'Create an API key for a system (the key is shown once)',
      roles: ['admin'],
      body: createApiKeyBody,
      status: 201,
      handler: async ({ body, user }) => {
        const created = await createApiKey(conn, body, user.id);
        await appendAudit(conn, { actor: user.username, action: 'api-key.create', target: created.id, after: { name: body.name, roles: body.roles } });
        return created;
      },
    }),
    route({
      method: 'get',
      path: '/api-keys',
      summary: 'List API keys (never their secrets)',
      roles: ['admin', 'auditor'],
      handler: () => listApiKeys(conn),
    }),
    route({
      method: 'delete',
      path: '/api-keys/:id',
      summary: 'Revoke an API key; requests with it are refused from now on',
      roles: ['admin'],
      params: keyIdParam,
      handler: ({ params, user }) => revokeApiKey(conn, params.id, user.username),
    }),
  ]);
}
