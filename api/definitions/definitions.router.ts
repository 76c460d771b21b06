/** `/definitions`: deploy BPMN (XML, JSON or multipart), list, get, compare versions, retire. */
import multer from 'multer';
import { z } from 'zod';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import { syncProcessTimerStarts } from '../../activities/engine/start-schedules';
import type { AppDeps } from '../deps';
import { AppError, fromZod } from '../errors';
import { idParam, resource, route, type ResourceRoutes } from '../route';
import { compareParams, compareQuery, definitionSummary, deployFields, deployJsonBody, listQuery } from './definitions.schemas';
import { compareVersions, deployDefinition, getDefinition, listDefinitions, retireDefinition } from './definitions.service';

const READERS = ['admin', 'process-owner', 'operator', 'auditor'] as const;
const WRITERS = ['admin', 'process-owner'] as const;

function bytes(limit: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!m) return 5 * 1024 * 1024;
  const unit = m[2].toLowerCase();
  return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

/** Extracts XML and note from whichever of the three accepted body forms arrived. */
function readDeployment(req: { body: unknown; file?: { buffer: Buffer }; query: Record<string, unknown>; is(t: string[]): string | false | null }): { xml: string; note?: string } {
  if (req.file) {
    const fields = deployFields.safeParse({ ...(req.body as object) });
    if (!fields.success) throw fromZod(fields.error);
    return { xml: req.file.buffer.toString('utf8'), note: fields.data.note };
  }
  if (typeof req.body === 'string') {
    const note = typeof req.query.note === 'string' ? req.query.note.slice(0, 2000) : undefined;
    return { xml: req.body, note };
  }
  if (req.is(['multipart/form-data'])) throw AppError.badRequest('multipart upload needs a "file" part', [{ field: 'file', message: 'required' }]);
  const parsed = deployJsonBody.safeParse(req.body ?? {});
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

export function definitionRoutes(deps: AppDeps): ResourceRoutes {
  const conn = deps.db;
  // Timer start events follow the live version (Temporal Schedules); a Temporal outage must not undo a
  // deployment or retirement, and the next deploy/retire of the process syncs again.
  const syncStarts = (processId: string): Promise<unknown> =>
    syncProcessTimerStarts(conn, deps.temporal, processId, { taskQueue: deps.config.TEMPORAL_TASK_QUEUE }).catch((err: unknown) =>
      deps.log.warn({ err, processId }, 'timer start schedules not synced'),
    );
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: bytes(deps.config.BODY_LIMIT), files: 1, fields: 5 } });
  return resource('/definitions', 'definitions', [
    route({
      method: 'post',
      path: '/',
      summary: 'Deploy a BPMN model (text/xml body, JSON {xml, note}, or multipart field "file"); same XML returns the existing version',
      roles: WRITERS,
      docBody: deployJsonBody,
      bodyContentTypes: ['text/xml', 'multipart/form-data'],
      query: z.object({ note: z.string().max(2000).optional() }),
      response: definitionSummary,
      before: [upload.single('file')],
      handler: async ({ req, res, user }) => {
        const { xml, note } = readDeployment(req);
        const out = await deployDefinition(conn, xml, note, user);
        await syncStarts(out.definition.processId);
        res.status(out.created ? 201 : 200).json({ ...out.definition, created: out.created });
        return undefined;
      },
    }),
    route({ method: 'get', path: '/', summary: 'List deployed definitions', roles: READERS, query: listQuery, handler: ({ query }) => listDefinitions(conn, query) }),
    route({
      method: 'get',
      path: '/:processId/compare',
      summary: 'Compare two versions of a process: elements added, removed, changed',
      roles: READERS,
      params: compareParams,
      query: compareQuery,
      handler: ({ params, query }) => compareVersions(conn, params.processId, query.from, query.to),
    }),
    route({ method: 'get', path: '/:id', summary: 'Get one definition: XML, compiled graph, warnings', roles: READERS, params: idParam, handler: ({ params }) => getDefinition(conn, params.id) }),
    route({
      method: 'post',
      path: '/:id/retire',
      summary: 'Retire a version (no new cases start on it)',
      roles: WRITERS,
      params: idParam,
      handler: async ({ params, user }) => {
        const retired = await retireDefinition(conn, params.id, user);
        await syncStarts(retired.processId);
        return retired;
      },
    }),
  ]);
}

/** `/service-task-types`: the handler names a service task's `tp:type` may use. */
export function serviceTaskTypeRoutes(): ResourceRoutes {
  return resource('/service-task-types', 'definitions', [
    route({
      method: 'get',
      path: '/',
      summary: 'Service-task handler types available to models',
      roles: ['admin', 'process-owner', 'operator', 'auditor'],
      handler: () => Promise.resolve(createHandlerRegistry().listHandlers()),
    }),
  ]);
}
