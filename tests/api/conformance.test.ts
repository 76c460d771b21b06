/**
 * Conformance against the deployed BPMN on the real MongoDB-protocol server: crafted traces of a
 * hotline process (parallel checks, an exclusive escalation branch, role, department and SLA on
 * its tasks) imported as CSV give exactly the expected deviations, fitness values equal hand-computed
 * ones, and the run summary counts them.
 */
import request from 'supertest';
import { createTestApi, fixture, type TestApi } from './helpers';

let api: TestApi;
let logId: string;

const T0 = Date.parse('2026-03-01T09:00:00Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

/** case, activity, minute, resource, role, department */
const rows: [string, string, number, string, string, string][] = [
  ['c-ok', 'Register', 0, 'wang', 'frontdesk', 'service'],
  ['c-ok', 'Check account', 10, 'wang', 'frontdesk', 'service'],
  ['c-ok', 'Check history', 20, 'wang', 'frontdesk', 'service'],
  ['c-ok', 'Reply', 30, 'zhao', 'agent', 'billing'],
  ['c-par', 'Register', 0, 'wang', 'frontdesk', 'service'],
  ['c-par', 'Check history', 10, 'wang', 'frontdesk', 'service'],
  ['c-par', 'Check account', 20, 'wang', 'frontdesk', 'service'],
  ['c-par', 'Reply', 30, 'zhao', 'agent', 'billing'],
  ['c-esc', 'Register', 0, 'wang', 'frontdesk', 'service'],
  ['c-esc', 'Check account', 10, 'wang', 'frontdesk', 'service'],
  ['c-esc', 'Check history', 20, 'wang', 'frontdesk', 'service'],
  ['c-esc', 'Escalate', 30, 'sun', 'supervisors', 'service'],
  ['c-esc', 'Reply', 40, 'zhao', 'agent', 'billing'],
  ['c-skip', 'Register', 0, 'wang', 'frontdesk', 'service'],
  ['c-skip', 'Check account', 10, 'wang', 'frontdesk', 'service'],
  ['c-skip', 'Reply', 20, 'zhao', 'agent', 'billing'],
  ['c-insert', 'Register', 0, 'wang', 'frontdesk', 'service'],
  ['c-insert', 'Check account', 10, 'wang', 'frontdesk', 'service'],
  ['c-insert', 'Check history', 20, 'wang', 'frontdesk', 'service'],
  ['c-insert', 'Refund', 25, 'zhao', 'agent', 'billing'],
  ['c-insert', 'Reply', 30, 'zhao', 'agent', 'billing'],
  ['c-order', 'Register', 0, 'wang', 'frontdesk', 'service'],
  ['c-order', 'Reply', 10, 'zhao', 'agent', 'billing'],
  ['c-order', 'Check account', 20, 'wang', 'frontdesk', 'service'],
  ['c-order', 'Check history', 30, 'wang', 'frontdesk', 'service'],
  ['c-role', 'Register', 0, 'zhao', 'agent', 'billing'],
  ['c-role', 'Check account', 10, 'wang', 'frontdesk', 'service'],
  ['c-role', 'Check history', 20, 'wang', 'frontdesk', 'service'],
  ['c-role', 'Reply', 30, 'zhao', 'agent', 'billing'],
  ['c-sla', 'Register', 0, 'wang', 'frontdesk', 'service'],
  ['c-sla', 'Check account', 10, 'wang', 'frontdesk', 'service'],
  ['c-sla', 'Check history', 20, 'wang', 'frontdesk', 'service'],
  ['c-sla', 'Reply', 140, 'zhao', 'agent', 'billing'],
];

beforeAll(async () => {
  api = await createTestApi('api-conformance');
  const owner = api.auth('process-owner');
  await request(api.app).post('/definitions').set(owner).set('Content-Type', 'text/xml').send(fixture('hotline.bpmn')).expect(201);
  const csv = ['case,activity,time,who,role,dept', ...rows.map(([c, a, m, w, r, d]) => `${c},${a},${at(m)},${w},${r},${d}`)].join('\n');
  const created = await request(api.app)
    .post('/eventlogs')
    .set(owner)
    .send({ name: 'crafted', format: 'csv', processId: 'Process_hotline', version: 1, mapping: { case: 'case', activity: 'activity', timestamp: 'time', resource: 'who', role: 'role', department: 'dept' } })
    .expect(201);
  logId = created.body._id as string;
  await request(api.app).put(`/eventlogs/${logId}/content`).set(owner).set('Content-Type', 'text/csv').send(csv).expect(200);
}, 60000);

afterAll(async () => {
  await api?.close();
});

interface CaseResult {
  caseId: string;
  verdict: string;
  fitness?: number;
  tokenFitness: number;
  deviations: Record<string, unknown>[];
}

async function runCases(runId: string, query = ''): Promise<Record<string, CaseResult>> {
  const res = await request(api.app).get(`/conformance/runs/${runId}/cases${query}`).set(api.auth('auditor')).expect(200);
  return Object.fromEntries((res.body.items as CaseResult[]).map((c) => [c.caseId, c]));
}

describe('a run over a crafted log', () => {
  let run: { _id: string; status: string; summary: Record<string, unknown> };

  beforeAll(async () => {
    const res = await request(api.app).post('/conformance/runs').set(api.auth('process-owner')).send({ processId: 'Process_hotline', logId }).expect(201);
    run = res.body;
  });

  it('when traces follow the model (parallel in either order, the escalation branch), then they are conformant with fitness 1', async () => {
    const cases = await runCases(run._id);
    for (const id of ['c-ok', 'c-par', 'c-esc']) {
      expect(cases[id]).toMatchObject({ verdict: 'conformant', fitness: 1, tokenFitness: 1, deviations: [] });
    }
  });

  it('when traces deviate, then each gives exactly its expected deviations', async () => {
    const cases = await runCases(run._id);
    expect(cases['c-skip'].deviations).toEqual([{ kind: 'skipped', activity: 'Check history', elementId: 'CheckHistory' }]);
    expect(cases['c-insert'].deviations).toEqual([{ kind: 'inserted', activity: 'Refund', eventIndex: 3 }]);
    expect(cases['c-order'].deviations).toEqual([{ kind: 'wrong-order', activity: 'Reply', elementId: 'Reply', eventIndex: 1 }]);
    expect(cases['c-role'].deviations).toEqual([
      { kind: 'wrong-performer', activity: 'Register', elementId: 'Register', eventIndex: 0, expected: ['frontdesk'], actual: ['agent', 'billing'] },
    ]);
    expect(cases['c-sla'].deviations).toEqual([
      { kind: 'sla-breach', activity: 'Reply', elementId: 'Reply', eventIndex: 3, dueAt: T0 + 80 * 60_000, doneAt: T0 + 140 * 60_000 },
    ]);
    for (const id of ['c-skip', 'c-insert', 'c-order', 'c-role', 'c-sla']) expect(cases[id].verdict).toBe('deviant');
  });

  it('when fitness is computed, then it equals the hand-computed 1 − cost / (|trace| + shortest model path)', async () => {
    const cases = await runCases(run._id);
    // Shortest complete model run: Register, Check account, Check history, Reply (4 visible steps).
    expect(cases['c-skip'].fitness).toBeCloseTo(1 - 1 / (3 + 4), 12);
    expect(cases['c-insert'].fitness).toBeCloseTo(1 - 1 / (5 + 4), 12);
    expect(cases['c-order'].fitness).toBeCloseTo(1 - 2 / (4 + 4), 12);
    // Organisational and SLA deviations do not touch control-flow fitness.
    expect(cases['c-role'].fitness).toBe(1);
    expect(cases['c-sla'].fitness).toBe(1);
    // Where the trace fits, token replay agrees with the alignment; skips and swaps lower both.
    for (const c of Object.values(cases)) if (c.fitness === 1) expect(c.tokenFitness).toBe(1);
    expect(cases['c-skip'].tokenFitness).toBeLessThan(1);
    expect(cases['c-order'].tokenFitness).toBeLessThan(1);
    // Token replay (as PM4Py's) ignores activities the model does not know: the inserted Refund costs nothing there.
    expect(cases['c-insert'].tokenFitness).toBe(1);
  });

  it('when the run is summarised, then counts, normative rate and per-element figures add up', () => {
    expect(run.status).toBe('done');
    expect(run.summary).toMatchObject({
      cases: 8,
      conformant: 3,
      deviant: 5,
      tooLarge: 0,
      normativeRate: 3 / 8,
      byKind: { skipped: 1, inserted: 1, 'wrong-order': 1, 'wrong-performer': 1, 'sla-breach': 1 },
      elements: {
        CheckHistory: { skipped: 1, inserted: 0, outOfOrder: 0 },
        'activity:Refund': { skipped: 0, inserted: 1, outOfOrder: 0 },
        Reply: { skipped: 0, inserted: 0, outOfOrder: 1 },
      },
    });
  });

  it('when drilling down by deviation kind or element, then only the matching cases come back', async () => {
    expect(Object.keys(await runCases(run._id, '?kind=skipped'))).toEqual(['c-skip']);
    expect(Object.keys(await runCases(run._id, '?elementId=Reply')).sort()).toEqual(['c-order', 'c-sla']);
    expect(Object.keys(await runCases(run._id, '?verdict=conformant')).sort()).toEqual(['c-esc', 'c-ok', 'c-par']);
  });
});

describe('bounded alignments', () => {
  it('when the search budget is tiny, then cases get a too-large verdict without fitness or deviations', async () => {
    const res = await request(api.app).post('/conformance/runs').set(api.auth('admin')).send({ processId: 'Process_hotline', logId, maxStates: 10 }).expect(201);
    expect(res.body.summary.tooLarge).toBeGreaterThan(0);
    const cases = await runCases(res.body._id as string, '?verdict=too-large');
    const one = Object.values(cases)[0];
    expect(one.fitness).toBeUndefined();
    expect(one.deviations).toEqual([]);
  });
});

describe('validation and roles', () => {
  it('when the process is not deployed, then 422 names body.processId', async () => {
    const res = await request(api.app).post('/conformance/runs').set(api.auth('process-owner')).send({ processId: 'Process_none' }).expect(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body.processId' }));
  });

  it('when the log belongs to another process, then 422 names body.processId', async () => {
    await request(api.app).post('/definitions').set(api.auth('process-owner')).set('Content-Type', 'text/xml').send(fixture('user-task.bpmn')).expect(201);
    const res = await request(api.app).post('/conformance/runs').set(api.auth('process-owner')).send({ processId: 'Process_bill_query', logId }).expect(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body.processId' }));
  });

  it('when an unknown field or a bad budget is sent, then 400 names it', async () => {
    const res = await request(api.app).post('/conformance/runs').set(api.auth('process-owner')).send({ processId: 'Process_hotline', maxStates: 1 }).expect(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body.maxStates' }));
  });

  it('when an agent or auditor starts a run, then 403; a case without trace is 404', async () => {
    await request(api.app).post('/conformance/runs').set(api.auth('agent')).send({ processId: 'Process_hotline' }).expect(403);
    await request(api.app).post('/conformance/runs').set(api.auth('auditor')).send({ processId: 'Process_hotline' }).expect(403);
    await request(api.app).get('/conformance/runs').set(api.auth('agent')).expect(403);
    await request(api.app).get('/conformance/cases/nope').set(api.auth('auditor')).expect(404);
  });
});
