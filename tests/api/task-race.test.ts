/**
 * A task document appears in the inbox a moment before the workflow, on the activity's completion,
 * accepts updates for it. Agents who act at once must not be refused; an update for a task the
 * workflow never opens is still refused, after a bounded wait. Real FerretDB and Temporal.
 */
import request from 'supertest';
import { taskModel } from '../../store/engine/task';
import { createTestApi, fixture, startEngineWorker, until, type TestApi, type TestWorker } from './helpers';

let api: TestApi;
let worker: TestWorker | undefined;
const run = Date.now().toString(36);

beforeAll(async () => {
  api = await createTestApi('api-task-race');
  worker = await startEngineWorker(api);
  const owner = api.auth('process-owner');
  await request(api.app).post('/definitions').set(owner).set('Content-Type', 'text/xml').send(fixture('user-task.bpmn')).expect(201);
  await request(api.app).post('/touchpoints/businesses').set(owner).send({ code: 'BILL', name: 'Bill query', class: 'query' }).expect(201);
  await request(api.app).post('/touchpoints').set(owner).send({ business: 'BILL', channel: 'WEB', processId: 'Process_bill_query' }).expect(201);
  await request(api.app).post('/customers').set(api.auth('operator')).send({ id: 'cust-race', name: 'Zhao Liu', phones: ['13900003333'] }).expect(201);
}, 120000);

afterAll(async () => {
  await worker?.stop();
  await api.close();
});

async function startCase(key: string): Promise<string> {
  const res = await request(api.app).post('/contacts').set(api.auth('agent')).send({ customerId: 'cust-race', business: 'BILL', channel: 'WEB', idempotencyKey: `${key}-${run}` }).expect(201);
  return (res.body as { caseId: string }).caseId;
}

it('when agents complete tasks the moment they appear in the inbox, then every completion is accepted', async () => {
  const caseIds = await Promise.all([1, 2, 3, 4, 5].map((i) => startCase(`race-${i}`)));
  const statuses = await Promise.all(
    caseIds.map(async (caseId) => {
      // Polled straight from the store, faster than any inbox refresh.
      const task = await until(() => taskModel(api.db).findOne({ caseId }, { taskId: 1 }).lean(), 60000);
      const res = await request(api.app).post(`/tasks/${task.taskId}/complete`).set(api.auth('agent')).send({ data: { answer: 'at once' } });
      return res.status;
    }),
  );
  expect(statuses).toEqual([200, 200, 200, 200, 200]);
}, 120000);

it('when a task document exists that its workflow never opened, then completing it is refused with 422 after the bounded wait', async () => {
  const caseId = await startCase('ghost');
  await until(() => taskModel(api.db).findOne({ caseId }, { taskId: 1 }).lean(), 60000);
  await taskModel(api.db).create({ taskId: `${caseId}:ghost`, caseId, elementId: 'Ghost', tokenId: 'none', status: 'open', candidateGroups: ['billing'], skills: [], createdAt: new Date() });

  const started = Date.now();
  const res = await request(api.app).post(`/tasks/${caseId}:ghost/complete`).set(api.auth('agent')).send({ data: {} });
  expect(res.status).toBe(422);
  expect(res.headers['content-type']).toMatch(/problem\+json/);
  expect(res.body.detail).toMatch(/is not open/);
  expect(Date.now() - started).toBeGreaterThanOrEqual(9000);
}, 120000);
