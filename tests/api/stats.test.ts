/**
 * The heatmap of a process version, computed from the trace events of real cases run by a Temporal
 * worker: how many cases reached each element, the mean time spent there, and tokens still there.
 */
import request from 'supertest';
import { caseRecordModel } from '../../store/engine/case-record';
import { traceEventModel } from '../../store/engine/trace-event';
import { createTestApi, fixture, startEngineWorker, type TestApi, type TestWorker } from './helpers';

let api: TestApi;
// Temporal outlives the test database: idempotency keys (hence case ids) must be new on every run.
const run = Date.now().toString(36);
let worker: TestWorker | undefined;
let definitionId: string;


interface ElementView {
  elementId: string;
  cases: number;
  completions: number;
  meanDurationMs: number | null;
  active: number;
}

async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 45000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 150));
  }
}

beforeAll(async () => {
  api = await createTestApi('api-stats');
  worker = await startEngineWorker(api);
  const owner = api.auth('process-owner');
  const deployed = await request(api.app).post('/definitions').set(owner).set('Content-Type', 'text/xml').send(fixture('user-task.bpmn')).expect(201);
  definitionId = (deployed.body as { _id: string })._id;
  await request(api.app).post('/touchpoints/businesses').set(owner).send({ code: 'BILL', name: 'Bill query', class: 'query' }).expect(201);
  await request(api.app).post('/touchpoints').set(owner).send({ business: 'BILL', channel: 'WEB', processId: 'Process_bill_query' }).expect(201);
}, 120000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

it('when two cases ran and one finished its task, then the heatmap counts both at the task, one at the end, and times the finished pass', async () => {
  const empty = await request(api.app).get(`/stats/definitions/${definitionId}/heatmap`).set(api.auth('process-owner')).expect(200);
  expect(empty.body).toMatchObject({ definitionId, processId: 'Process_bill_query', version: 1, cases: 0, elements: [] });

  const caseIds: string[] = [];
  for (const n of [1, 2]) {
    const start = await request(api.app).post('/contacts').set(api.auth('agent')).send({ customerId: `cust-${n}`, business: 'BILL', channel: 'WEB', idempotencyKey: `stats-${n}-${run}` }).expect(201);
    caseIds.push((start.body as { caseId: string }).caseId);
  }
  const tasks = await Promise.all(
    caseIds.map((caseId) =>
      until(async () => {
        const res = await request(api.app).get(`/tasks?caseId=${caseId}`).set(api.auth('agent')).expect(200);
        return (res.body.items as { taskId: string }[])[0];
      }),
    ),
  );
  await request(api.app).post(`/tasks/${tasks[0].taskId}/claim`).set(api.auth('agent')).expect(200);
  await request(api.app).post(`/tasks/${tasks[0].taskId}/complete`).set(api.auth('agent')).send({ data: { answer: 'explained' } }).expect(200);
  await until(async () => (await caseRecordModel(api.db).findOne({ caseId: caseIds[0], status: 'completed' }).lean()) ?? undefined);
  // The second case's start on the task is written by an activity: wait until it is there.
  await until(() => traceEventModel(api.db).exists({ caseId: caseIds[1], elementId: 'Task_answer', lifecycle: 'start' }));

  const res = await request(api.app).get(`/stats/definitions/${definitionId}/heatmap`).set(api.auth('auditor')).expect(200);
  const byId = new Map((res.body.elements as ElementView[]).map((e) => [e.elementId, e]));
  expect(res.body.cases).toBe(2);
  expect(byId.get('Start_1')).toMatchObject({ cases: 2, completions: 2, active: 0 });
  expect(byId.get('Task_answer')).toMatchObject({ cases: 2, completions: 1, active: 1 });
  expect(byId.get('End_1')).toMatchObject({ cases: 1, active: 0 });

  // The mean over one finished pass is exactly that pass's start-to-complete time.
  const events = await traceEventModel(api.db).find({ caseId: caseIds[0], elementId: 'Task_answer' }).sort({ seq: 1 }).lean();
  const started = events.find((e) => e.lifecycle === 'start')!.at.getTime();
  const completed = events.find((e) => e.lifecycle === 'complete')!.at.getTime();
  expect(byId.get('Task_answer')!.meanDurationMs).toBe(completed - started);
  expect(completed - started).toBeGreaterThan(0);
}, 120000);

it('when the version does not exist, then 404; a malformed id is a 400 naming the parameter', async () => {
  const missing = await request(api.app).get('/stats/definitions/Process_nope:9/heatmap').set(api.auth('admin')).expect(404);
  expect(missing.headers['content-type']).toContain('application/problem+json');
  const bad = await request(api.app).get(`/stats/definitions/${encodeURIComponent('bad id!')}/heatmap`).set(api.auth('admin')).expect(400);
  expect(bad.headers['content-type']).toContain('application/problem+json');
  expect(JSON.stringify(bad.body)).toContain('params.id');
});

it('when an agent or an anonymous caller asks, then 403 and 401', async () => {
  await request(api.app).get(`/stats/definitions/${definitionId}/heatmap`).set(api.auth('agent')).expect(403);
  await request(api.app).get(`/stats/definitions/${definitionId}/heatmap`).expect(401);
});
