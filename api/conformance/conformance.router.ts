/** `/conformance`: check a case, run a process version or a stored log, drill into the cases. */
import type { Connection } from 'mongoose';
import { appendAudit } from '../audit/audit.service';
import { resource, route, type ResourceRoutes } from '../route';
import { caseParam, runBody, runCasesQuery, runListQuery, runParam } from './conformance.schemas';
import { checkCase, getRun, listRuns, runCases, startRun } from './conformance.service';

const READERS = ['admin', 'process-owner', 'operator', 'auditor'] as const;
const RUNNERS = ['admin', 'process-owner'] as const;

export function conformanceRoutes(db: Connection): ResourceRoutes {
  return resource('/conformance', 'conformance', [
    route({
      method: 'get',
      path: '/cases/:id',
      summary: 'Check one case against its deployed BPMN: verdict, fitness (alignment and token replay), deviations',
      roles: READERS,
      params: caseParam,
      handler: ({ params }) => checkCase(db, params.id),
    }),
    route({
      method: 'post',
      path: '/runs',
      summary: "Check every case of a process version (or a stored event log) and summarise",
      roles: RUNNERS,
      body: runBody,
      status: 201,
      handler: async ({ body, user }) => {
        const run = await startRun(db, body, user);
        await appendAudit(db, { actor: user.username, action: 'conformance.run', target: run._id, after: { processId: run.processId, version: run.version, logId: run.logId, summary: run.summary } });
        return run;
      },
    }),
    route({ method: 'get', path: '/runs', summary: 'Conformance runs, newest first', roles: READERS, query: runListQuery, handler: ({ query }) => listRuns(db, query) }),
    route({ method: 'get', path: '/runs/:id', summary: 'One run and its summary', roles: READERS, params: runParam, handler: ({ params }) => getRun(db, params.id) }),
    route({
      method: 'get',
      path: '/runs/:id/cases',
      summary: 'The cases of a run, filtered by verdict, deviation kind or element (drill-down)',
      roles: READERS,
      params: runParam,
      query: runCasesQuery,
      handler: ({ params, query }) => runCases(db, params.id, query),
    }),
  ]);
}
