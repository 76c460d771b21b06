/** `/eventlogs`: import XES/CSV logs (streamed, with progress), snapshot engine logs, export as XES. */
import type { Connection } from 'mongoose';
import { appendAudit } from '../audit/audit.service';
import { idParam, resource, route, type ResourceRoutes } from '../route';
import { createLogBody, engineLogBody, logListQuery, logParam } from './eventlogs.schemas';
import { createLog, deleteLog, exportLog, getLog, listLogs, logFromEngine, uploadContent } from './eventlogs.service';

const READERS = ['admin', 'process-owner', 'auditor'] as const;
const WRITERS = ['admin', 'process-owner'] as const;

export function eventLogRoutes(db: Connection): ResourceRoutes {
  return resource('/eventlogs', 'eventlogs', [
    route({ method: 'get', path: '/', summary: 'Event logs, newest first', roles: READERS, query: logListQuery, handler: ({ query }) => listLogs(db, query) }),
    route({
      method: 'post',
      path: '/',
      summary: 'Create an event log (XES or CSV with a column mapping), then PUT its content',
      roles: WRITERS,
      body: createLogBody,
      status: 201,
      handler: async ({ body, user }) => {
        const log = await createLog(db, body, user);
        await appendAudit(db, { actor: user.username, action: 'eventlog.create', target: log._id, after: { name: log.name, format: log.format, processId: log.processId, version: log.version } });
        return log;
      },
    }),
    route({
      method: 'post',
      path: '/from-engine',
      summary: "Snapshot the engine's trace events of a process (version, touchpoint) as an event log",
      roles: WRITERS,
      body: engineLogBody,
      status: 201,
      handler: ({ body, user }) => logFromEngine(db, body, user),
    }),
    route({ method: 'get', path: '/:id', summary: 'An event log: import status, counts and rejected rows by line', roles: READERS, params: logParam, handler: ({ params }) => getLog(db, params.id) }),
    route({
      method: 'put',
      path: '/:id/content',
      summary: 'Stream the XES or CSV file into the log (poll GET /eventlogs/:id for progress)',
      roles: WRITERS,
      params: logParam,
      bodyContentTypes: ['text/csv', 'application/octet-stream', 'application/xml'],
      handler: ({ params, req }) => uploadContent(db, params.id, req),
    }),
    route({
      method: 'get',
      path: '/:id/xes',
      summary: 'Export the log as IEEE 1849 XES',
      roles: READERS,
      params: logParam,
      handler: async ({ params, res }) => {
        await exportLog(db, params.id, res);
        return undefined;
      },
    }),
    route({
      method: 'delete',
      path: '/:id',
      summary: 'Delete an event log and its traces',
      roles: WRITERS,
      params: idParam,
      handler: async ({ params, user }) => {
        await deleteLog(db, params.id);
        await appendAudit(db, { actor: user.username, action: 'eventlog.delete', target: params.id });
      },
    }),
  ]);
}
