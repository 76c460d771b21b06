/** `/audit`: read the log and verify its hash chain. */
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { auditLog } from '../../store/audit';
import { resource, route, type ResourceRoutes } from '../route';
import { verifyAudit } from './audit.service';

const READERS = ['admin', 'auditor'] as const;

const auditQuery = z.strictObject({
  action: z.string().max(100).regex(/^[\w.-]+$/).optional(),
  actor: z.string().max(200).regex(/^[\w.:@-]+$/).optional(),
  target: z.string().max(300).regex(/^[\w.:@-]+$/).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

export function auditRoutes(conn: Connection): ResourceRoutes {
  return resource('/audit', 'audit', [
    route({
      method: 'get',
      path: '/',
      summary: 'Audit entries, newest first',
      roles: READERS,
      query: auditQuery,
      handler: async ({ query }) => {
        const filter: Record<string, string> = {};
        if (query.action) filter.action = query.action;
        if (query.actor) filter.actor = query.actor;
        if (query.target) filter.target = query.target;
        const [items, total] = await Promise.all([
          auditLog(conn).find(filter).sort({ seq: -1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean(),
          auditLog(conn).countDocuments(filter),
        ]);
        return { items, page: query.page, pageSize: query.pageSize, total };
      },
    }),
    route({ method: 'get', path: '/verify', summary: 'Verify the hash chain: intact, or the first broken entry', roles: READERS, handler: () => verifyAudit(conn) }),
  ]);
}
