/** `/conformance`: check a case, run a process version or a stored log, drill into the cases. */
import { appendAudit } from '../audit/audit.service';
import type { AppDeps } from '../deps';
import { resource, route, type ResourceRoutes } from '../route';
import { caseParam, runBody, runCasesQuery, runListQuery, runParam } from './conformance.schemas';
import { checkCase, getRun, listRuns, runCases, startRun } from './conformance.service';
import { alertParam, alertQuery, benchmarkBody, benchmarkParam, migrationBody, reportParam, reportQuery, runMonitorBody, scheduleBody } from './monitor.schemas';
import { acknowledgeAlert, getBenchmark, listAlerts, listReports, migrationCheck, putBenchmark, putSchedule, reportCases, runMonitorNow } from './monitor.service';

const READERS = ['admin', 'process-owner', 'operator', 'auditor'] as const;
const RUNNERS = ['admin', 'process-owner'] as const;

export function conformanceRoutes(deps: AppDeps): ResourceRoutes {
  const { db } = deps;
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
    route({
      method: 'put',
      path: '/monitor/schedule',
      summary: 'Create or update the Temporal Schedule that runs the conformance monitor',
      roles: ['admin'],
      body: scheduleBody,
      handler: async ({ body, user }) => {
        const out = await putSchedule(deps, body);
        await appendAudit(db, { actor: user.username, action: 'conformance.schedule', target: out.scheduleId, after: body });
        return out;
      },
    }),
    route({ method: 'post', path: '/monitor/run', summary: 'Start a monitor run now (202 with its workflow id)', roles: RUNNERS, body: runMonitorBody, status: 202, handler: ({ body }) => runMonitorNow(deps, body.processIds) }),
    route({ method: 'get', path: '/reports', summary: 'The four measurements per day or month, by process, touchpoint, department or agent', roles: READERS, query: reportQuery, handler: ({ query }) => listReports(db, query) }),
    route({ method: 'get', path: '/reports/:id/cases', summary: 'The cases behind a report (drill-down)', roles: READERS, params: reportParam, handler: ({ params }) => reportCases(db, params.id) }),
    route({ method: 'get', path: '/alerts', summary: 'Alerts: rates below their benchmark', roles: READERS, query: alertQuery, handler: ({ query }) => listAlerts(db, query) }),
    route({
      method: 'post',
      path: '/alerts/:id/acknowledge',
      summary: 'Acknowledge an open alert',
      roles: ['admin', 'process-owner', 'operator'],
      params: alertParam,
      handler: async ({ params, user }) => {
        const alert = await acknowledgeAlert(db, params.id, user);
        await appendAudit(db, { actor: user.username, action: 'conformance.alert.acknowledge', target: params.id });
        return alert;
      },
    }),
    route({ method: 'get', path: '/benchmarks/:processId', summary: "A process's benchmarks", roles: READERS, params: benchmarkParam, handler: ({ params }) => getBenchmark(db, params.processId) }),
    route({
      method: 'put',
      path: '/benchmarks/:processId',
      summary: 'Set the normative-rate benchmark (and organisational rate, expected cases per touchpoint per day) of a process',
      roles: RUNNERS,
      params: benchmarkParam,
      body: benchmarkBody,
      handler: async ({ params, body, user }) => {
        const doc = await putBenchmark(db, params.processId, body, user);
        await appendAudit(db, { actor: user.username, action: 'conformance.benchmark', target: params.processId, after: body });
        return doc;
      },
    }),
    route({
      method: 'post',
      path: '/migration-check',
      summary: 'Replay recent cases against a candidate BPMN before publishing it: which would become non-conformant',
      roles: RUNNERS,
      body: migrationBody,
      handler: ({ body }) => migrationCheck(db, body),
    }),
  ]);
}
