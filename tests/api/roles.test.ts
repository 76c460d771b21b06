/**
 * Every route × every role: 401 without credentials, 403 for a role without the right, auditors
 * never write. The table is written by hand (not read from the app) so it checks the code.
 */
import request from 'supertest';
import { ROLES, type Role } from '../../store/users';
import { createTestApi, type TestApi } from './helpers';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const ALL: Role[] = [...ROLES];
const MAP_READ: Role[] = ['admin', 'process-owner', 'operator', 'auditor'];
const MAP_WRITE: Role[] = ['admin', 'process-owner'];

const table: [Method, string, Role[]][] = [
  ['get', '/auth/me', ALL],
  ['post', '/auth/api-keys', ['admin']],
  ['get', '/auth/api-keys', ['admin', 'auditor']],
  ['delete', '/auth/api-keys/0123456789abcdef', ['admin']],
  ['get', '/users', ['admin', 'auditor']],
  ['post', '/users', ['admin']],
  ['get', '/users/x1', ['admin', 'auditor']],
  ['patch', '/users/x1', ['admin']],
  ['get', '/definitions', MAP_READ],
  ['post', '/definitions', MAP_WRITE],
  ['get', '/definitions/P1/compare', MAP_READ],
  ['get', '/definitions/P1:1', MAP_READ],
  ['post', '/definitions/P1:1/retire', MAP_WRITE],
  ['get', '/service-task-types', MAP_READ],
  ['get', '/touchpoints/businesses', MAP_READ],
  ['post', '/touchpoints/businesses', MAP_WRITE],
  ['patch', '/touchpoints/businesses/B1', MAP_WRITE],
  ['get', '/touchpoints/channels', MAP_READ],
  ['post', '/touchpoints/channels', MAP_WRITE],
  ['get', '/touchpoints/segments', MAP_READ],
  ['post', '/touchpoints/segments', MAP_WRITE],
  ['get', '/touchpoints/matrix', MAP_READ],
  ['get', '/touchpoints/report', MAP_READ],
  ['get', '/touchpoints', MAP_READ],
  ['post', '/touchpoints', MAP_WRITE],
  ['get', '/touchpoints/WEB-ALL-B1', MAP_READ],
  ['put', '/touchpoints/WEB-ALL-B1/process', MAP_WRITE],
  ['delete', '/touchpoints/WEB-ALL-B1', MAP_WRITE],
  ['post', '/contacts', ['admin', 'operator', 'agent']],
  ['get', '/cases', MAP_READ],
  ['get', '/cases/case-x', [...MAP_READ, 'agent']],
  ['post', '/cases/case-x/cancel', ['admin', 'operator']],
  ['post', '/cases/case-x/message', ['admin', 'operator']],
  ['post', '/cases/case-x/signal', ['admin', 'operator']],
  ['post', '/cases/case-x/retry', ['admin', 'operator']],
  ['post', '/cases/case-x/skip', ['admin', 'operator']],
  ['post', '/cases/case-x/move', ['admin', 'operator']],
  ['get', '/tasks', ['admin', 'operator', 'agent', 'auditor']],
  ['get', '/tasks/t1', ['admin', 'operator', 'agent', 'auditor']],
  ['post', '/tasks/t1/claim', ['admin', 'operator', 'agent']],
  ['post', '/tasks/t1/unclaim', ['admin', 'operator', 'agent']],
  ['post', '/tasks/t1/complete', ['admin', 'operator', 'agent']],
  ['get', '/customers', ['admin', 'operator', 'agent', 'auditor']],
  ['post', '/customers', ['admin', 'operator']],
  ['get', '/customers/c1', ['admin', 'operator', 'agent', 'auditor']],
  ['patch', '/customers/c1', ['admin', 'operator']],
  ['get', '/customers/c1/contacts', ['admin', 'operator', 'agent', 'auditor']],
  ['get', '/customers/c1/history', ['admin', 'operator', 'agent', 'auditor']],
  ['post', '/complaints', ['admin', 'operator', 'agent']],
  ['get', '/complaints', ['admin', 'operator', 'agent', 'auditor', 'process-owner']],
  ['get', '/complaints/reports/monthly', ['admin', 'operator', 'agent', 'auditor', 'process-owner']],
  ['get', '/complaints/reports/summaries', ['admin', 'operator', 'agent', 'auditor', 'process-owner']],
  ['get', '/complaints/c1', ['admin', 'operator', 'agent', 'auditor', 'process-owner']],
  ['post', '/complaints/c1/reply', ['admin', 'operator', 'agent']],
  ['post', '/complaints/c1/customer-info', ['admin', 'operator', 'agent']],
  ['post', '/complaints/c1/survey', ['admin', 'operator', 'agent']],
  ['post', '/complaints/c1/reopen', ['admin', 'operator', 'agent']],
  ['post', '/knowledge/from-complaint/c1', ['admin', 'operator', 'agent']],
  ['get', '/knowledge/search', ['admin', 'operator', 'agent', 'auditor', 'process-owner']],
  ['get', '/knowledge', ['admin', 'operator', 'agent', 'auditor', 'process-owner']],
  ['post', '/knowledge/c1/use', ['admin', 'operator', 'agent']],
  ['get', '/stats/definitions/P1:1/heatmap', MAP_READ],
  ['post', '/messages', ['admin', 'operator']],
  ['get', '/calendars', ['admin', 'process-owner', 'operator', 'agent', 'auditor']],
  ['get', '/calendars/office', ['admin', 'process-owner', 'operator', 'agent', 'auditor']],
  ['put', '/calendars/office', MAP_WRITE],
  ['delete', '/calendars/office', MAP_WRITE],
  ['get', '/audit', ['admin', 'auditor']],
  ['get', '/audit/verify', ['admin', 'auditor']],
  ['get', '/eventlogs', ['admin', 'process-owner', 'auditor']],
  ['post', '/eventlogs', MAP_WRITE],
  ['post', '/eventlogs/from-engine', MAP_WRITE],
  ['get', '/eventlogs/x1', ['admin', 'process-owner', 'auditor']],
  ['put', '/eventlogs/x1/content', MAP_WRITE],
  ['get', '/eventlogs/x1/xes', ['admin', 'process-owner', 'auditor']],
  ['delete', '/eventlogs/x1', MAP_WRITE],
  ['get', '/conformance/cases/case-x', MAP_READ],
  ['post', '/conformance/runs', MAP_WRITE],
  ['get', '/conformance/runs', MAP_READ],
  ['get', '/conformance/runs/x1', MAP_READ],
  ['get', '/conformance/runs/x1/cases', MAP_READ],
  ['put', '/conformance/monitor/schedule', ['admin']],
  ['post', '/conformance/monitor/run', MAP_WRITE],
  ['get', '/conformance/reports', MAP_READ],
  ['get', '/conformance/reports/x1/cases', MAP_READ],
  ['get', '/conformance/alerts', MAP_READ],
  ['post', '/conformance/alerts/x1/acknowledge', ['admin', 'process-owner', 'operator']],
  ['get', '/conformance/benchmarks/B1', MAP_READ],
  ['put', '/conformance/benchmarks/B1', MAP_WRITE],
  ['post', '/conformance/migration-check', MAP_WRITE],
  ['get', '/audit/cases/case-x/history', ['admin', 'auditor']],
  ['get', '/audit/cases/case-x/trace.xes', ['admin', 'auditor', 'process-owner']],
  ['get', '/audit/processes/B1/log.xes', ['admin', 'auditor', 'process-owner']],
  ['post', '/audit/replay', ['admin', 'process-owner', 'auditor']],
  ['get', '/audit/cases/case-x/evidence', ['admin', 'auditor']],
  ['get', '/audit/evidence/public-key', ['admin', 'auditor']],
  ['get', '/strategies', MAP_READ],
  ['post', '/strategies', MAP_WRITE],
  ['get', '/strategies/x1', MAP_READ],
  ['put', '/strategies/x1', MAP_WRITE],
  ['get', '/strategies/x1/versions', MAP_READ],
  ['get', '/strategies/x1/versions/x1', MAP_READ],
  ['post', '/strategies/x1/copy', MAP_WRITE],
  ['get', '/questionnaires', ALL],
  ['post', '/questionnaires', MAP_WRITE],
  ['post', '/questionnaires/import', MAP_WRITE],
  ['get', '/questionnaires/x1', ALL],
  ['put', '/questionnaires/x1', MAP_WRITE],
  ['delete', '/questionnaires/x1', MAP_WRITE],
  ['post', '/questionnaires/x1/archive', MAP_WRITE],
  ['post', '/questionnaires/x1/reorder', MAP_WRITE],
  ['post', '/questionnaires/x1/copy-questions', MAP_WRITE],
  ['get', '/questionnaires/x1/export', ALL],
  ['post', '/questionnaires/x1/script', ['admin', 'process-owner', 'operator', 'agent']],
  ['post', '/questionnaires/x1/sheets', ['admin', 'operator', 'agent']],
  ['get', '/questionnaires/x1/sheets', MAP_READ],
  ['get', '/questionnaires/x1/statistics', MAP_READ],
  ['post', '/questionnaires/import/csv', MAP_WRITE],
  ['get', '/questionnaires/x1/export/csv', ALL],
  ['post', '/customer-link/tokens', ['admin', 'operator', 'agent']],
  // Customer-link routes take a link (X-Customer-Link), never a staff sign-in: 401 without one, 403 for every role.
  ['get', '/customer-link/questionnaire', []],
  ['post', '/customer-link/script', []],
  ['post', '/customer-link/answers', []],
  ['get', '/plans', MAP_READ],
  ['post', '/plans', MAP_WRITE],
  ['get', '/plans/x1', MAP_READ],
  ['patch', '/plans/x1', MAP_WRITE],
  ['put', '/plans/x1/targets', MAP_WRITE],
  ['post', '/plans/x1/start', ['admin', 'process-owner', 'operator']],
  ['post', '/plans/x1/pause', ['admin', 'process-owner', 'operator']],
  ['post', '/plans/x1/resume', ['admin', 'process-owner', 'operator']],
  ['post', '/plans/x1/cancel', ['admin', 'process-owner', 'operator']],
  ['get', '/plans/x1/progress', MAP_READ],
  ['get', '/plans/x1/runs', MAP_READ],
  ['get', '/plans/x1/evaluation', MAP_READ],
  ['post', '/plans/x1/follow-up', MAP_WRITE],
  ['post', '/plans/x1/contacts/x1/intervene', ['admin', 'process-owner', 'operator']],
];

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi('api-roles');
});
afterAll(async () => {
  await api.close();
});

const call = (method: Method, path: string) => request(api.app)[method](path);

it('the table covers every route of the OpenAPI document', async () => {
  const doc = (await request(api.app).get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
  const norm = (p: string): string => p.replace(/\{[^}]+\}/g, '*');
  const tabled = new Set(
    table.map(([m, p]) =>
      `${m} ${p
        .replace(/\/(x1|P1:1|B1|WEB-ALL-B1|case-x|t1|c1|0123456789abcdef|office)(?=\/|$)/g, '/*')
        .replace('/definitions/P1/compare', '/definitions/*/compare')}`,
    ),
  );
  const missing = documented.map((d) => d.replace(/ (.*)$/, (_all, p: string) => ` ${norm(p)}`)).filter((d) => !tabled.has(d.replace(/\/$/, '')) && !tabled.has(d));
  expect(missing.filter((m) => m !== 'post /auth/login')).toEqual([]);
});

describe.each(table)('%s %s', (method, path, allowed) => {
  it('answers 401 without credentials', async () => {
    const res = await call(method, path).send({});
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
  it.each(ALL)('role %s: allowed only when listed', async (role) => {
    const res = await call(method, path).set(api.auth(role)).send({});
    if (allowed.includes(role)) expect([401, 403]).not.toContain(res.status);
    else expect(res.status).toBe(403);
    expect(res.status).toBeLessThan(500);
  });
});

// POSTs that change nothing: replaying a history only re-runs it in the API process (the call itself is audited).
const READ_ONLY_POSTS = new Set(['/audit/replay']);

it('auditors are read-only on every route', () => {
  for (const [method, path, allowed] of table) if (method !== 'get' && !READ_ONLY_POSTS.has(path)) expect(allowed).not.toContain('auditor');
});
