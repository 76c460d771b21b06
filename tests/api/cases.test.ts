/**
 * Intake to inbox on the real servers: a Temporal worker runs the interpreter; contacts start
 * cases idempotently; agents see and work only their groups' tasks; operators steer cases.
 */
import request from 'supertest';
import { contacts } from '../../store/contacts';
import { caseRecordModel } from '../../store/engine/case-record';
import { auditLog } from '../../store/audit';
import { createTestApi, fixture, startEngineWorker, type TestApi, type TestWorker } from './helpers';

let api: TestApi;
// Temporal outlives the test database: keys (hence case ids) must be new on every run.
const run = Date.now().toString(36);
let worker: TestWorker | undefined;


beforeAll(async () => {
  api = await createTestApi('api-cases');
  worker = await startEngineWorker(api);
  const owner = api.auth('process-owner');
  await request(api.app).post('/definitions').set(owner).set('Content-Type', 'text/xml').send(fixture('user-task.bpmn')).expect(201);
  await request(api.app).post('/touchpoints/businesses').set(owner).send({ code: 'BILL', name: 'Bill query', class: 'query' }).expect(201);
  await request(api.app).post('/touchpoints/businesses').set(owner).send({ code: 'CMP', name: 'Complaint', class: 'complaint' }).expect(201);
  await request(api.app).post('/touchpoints').set(owner).send({ business: 'BILL', channel: 'WEB', processId: 'Process_bill_query' }).expect(201);
  await request(api.app).post('/touchpoints').set(owner).send({ business: 'CMP', channel: 'WEB' }).expect(201);
  await request(api.app).post('/customers').set(api.auth('operator')).send({ id: 'cust-9', name: 'Li Si', phones: ['13900001111'] }).expect(201);
}, 120000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 45000, caseId?: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) {
      const seen = caseId ? await request(api.app).get(`/cases/${caseId}`).set(api.auth('admin')) : undefined;
      let history = '';
      if (caseId) {
        const h = await api.temporal.workflow.getHandle(caseId).fetchHistory();
        history = JSON.stringify((h.events ?? []).slice(-4)).slice(0, 3000);
      }
      throw new Error(`condition not reached${seen ? `; case: ${JSON.stringify(seen.body).slice(0, 1500)}` : ''} ${history}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

interface TaskView {
  taskId: string;
  caseId: string;
  assignee?: string;
  candidateGroups: string[];
}

it('when 100 identical contacts arrive at once, then exactly one case and one record exist', async () => {
  const key = `crm-req-${Date.now()}`;
  const results = await Promise.all(
    Array.from({ length: 100 }, () =>
      request(api.app)
        .post('/contacts')
        .set(api.auth('operator'))
        .set('Idempotency-Key', key)
        .send({ customerId: 'cust-9', business: 'BILL', channel: 'WEB', payload: { amount: 12 } }),
    ),
  );
  const statuses = results.map((r) => r.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 200)).toHaveLength(99);
  const caseIds = new Set(results.map((r) => (r.body as { caseId: string }).caseId));
  expect(caseIds.size).toBe(1);
  const [caseId] = [...caseIds];
  expect(await contacts(api.db).countDocuments({ idempotencyKey: key })).toBe(1);
  const runs = [];
  for await (const wf of api.temporal.workflow.list({ query: `WorkflowId = '${caseId}'` })) runs.push(wf);
  expect(runs.length).toBeLessThanOrEqual(1); // visibility may lag; the id itself is unique by construction
  await until(() => caseRecordModel(api.db).findOne({ caseId }).lean());
  expect(await caseRecordModel(api.db).countDocuments({ caseId })).toBe(1);
}, 60000);

it('when the Idempotency-Key header is malformed, then 400 naming the header, and no contact is stored', async () => {
  const before = await contacts(api.db).countDocuments({});
  const res = await request(api.app).post('/contacts').set(api.auth('operator')).set('Idempotency-Key', 'not a key!').send({ customerId: 'cust-9', business: 'BILL', channel: 'WEB' }).expect(400);
  expect(res.headers['content-type']).toMatch(/problem\+json/);
  expect(JSON.stringify(res.body)).toContain('header.Idempotency-Key');
  expect(await contacts(api.db).countDocuments({})).toBe(before);
});

it('when a contact reaches a blind spot, then 422 and no case', async () => {
  const res = await request(api.app).post('/contacts').set(api.auth('agent')).send({ customerId: 'cust-9', business: 'CMP', channel: 'WEB', idempotencyKey: `blind-spot-1-${run}` });
  expect(res.status).toBe(422);
  expect(await contacts(api.db).exists({ idempotencyKey: `blind-spot-1-${run}` })).toBeFalsy();
});

it('a case flows from contact to inbox to completion, with object-level checks on the way', async () => {
  const start = await request(api.app).post('/contacts').set(api.auth('agent')).send({ customerId: 'cust-9', business: 'BILL', channel: 'WEB', idempotencyKey: `flow-case-1-${run}` }).expect(201);
  const caseId = (start.body as { caseId: string }).caseId;
  expect(start.body.links.case).toBe(`/cases/${caseId}`);

  const task = await until(async () => {
    const res = await request(api.app).get(`/tasks?caseId=${caseId}`).set(api.auth('agent')).expect(200);
    return (res.body.items as TaskView[])[0];
  }, undefined, caseId);
  expect(task.candidateGroups).toEqual(['billing']);

  // agent2 is in another group: the task and the case do not exist for it.
  const other = await request(api.app).get(`/tasks?caseId=${caseId}`).set(api.auth('agent2')).expect(200);
  expect(other.body.items).toEqual([]);
  await request(api.app).get(`/tasks/${task.taskId}`).set(api.auth('agent2')).expect(404);
  await request(api.app).post(`/tasks/${task.taskId}/claim`).set(api.auth('agent2')).expect(404);
  await request(api.app).get(`/cases/${caseId}`).set(api.auth('agent2')).expect(404);
  await request(api.app).get('/cases/case-does-not-exist').set(api.auth('operator')).expect(404);

  // the case from the read model (the engine writes it with every trace flush), then with the live state
  const one = await until(async () => {
    const res = await request(api.app).get(`/cases/${caseId}`).set(api.auth('auditor')).expect(200);
    return (res.body.openTasks as string[]).includes(task.taskId) ? res : undefined;
  });
  expect(one.body).toMatchObject({ status: 'running', openTasks: [task.taskId], source: 'read-model' });
  expect(one.body.state).toBeUndefined();
  expect(Date.parse(String(one.body.asOf))).not.toBeNaN();
  expect(one.body.temporalUrl).toBe(`${api.config.TEMPORAL_UI_URL}/namespaces/default/workflows/${caseId}`);
  expect((one.body.tokens as { elementId: string; state: string }[]).map((t) => [t.elementId, t.state])).toEqual([['Task_answer', 'waiting']]);
  expect((one.body.trail as { elementId: string; lifecycle: string }[]).slice(0, 1)).toEqual([expect.objectContaining({ lifecycle: 'start' })]);
  const live = await request(api.app).get(`/cases/${caseId}?live=true`).set(api.auth('auditor')).expect(200);
  expect(live.body.source).toBe('live');
  expect(live.body.state.status).toBe('running');
  expect(live.body.state.openTasks).toEqual([task.taskId]);
  expect(live.body.state.tokens).toEqual(one.body.tokens);
  await request(api.app).get(`/cases/${caseId}?live=maybe`).set(api.auth('auditor')).expect(400);
  await request(api.app).get(`/cases/${caseId}`).set(api.auth('agent')).expect(200);

  // claim, unclaim, claim again, complete
  const claimed = await request(api.app).post(`/tasks/${task.taskId}/claim`).set(api.auth('agent')).expect(200);
  expect(claimed.body.assignee).toBe(api.userIds.agent);
  const mine = await request(api.app).get('/tasks').set(api.auth('agent')).expect(200);
  expect((mine.body.items as TaskView[]).map((t) => t.taskId)).toContain(task.taskId);
  await request(api.app).post(`/tasks/${task.taskId}/unclaim`).set(api.auth('agent')).expect(200);
  await request(api.app).post(`/tasks/${task.taskId}/claim`).set(api.auth('agent')).expect(200);
  await request(api.app).post(`/tasks/${task.taskId}/complete`).set(api.auth('agent')).send({ data: { answer: 'explained the bill' } }).expect(200);

  await until(async () => (await caseRecordModel(api.db).findOne({ caseId, status: 'completed' }).lean()) ?? undefined);
  const list = await request(api.app).get('/cases?status=completed&customerId=cust-9').set(api.auth('operator')).expect(200);
  expect((list.body.items as { caseId: string }[]).map((c) => c.caseId)).toContain(caseId);
  const history = await request(api.app).get('/customers/cust-9/contacts').set(api.auth('agent')).expect(200);
  expect((history.body as { caseId: string }[]).map((h) => h.caseId)).toContain(caseId);
  expect(await auditLog(api.db).exists({ action: 'task.complete', target: task.taskId })).toBeTruthy();
}, 60000);

it('an operator cancels a running case with a reason; without a reason it is refused', async () => {
  const start = await request(api.app).post('/contacts').set(api.auth('operator')).send({ customerId: 'cust-9', business: 'BILL', channel: 'WEB', idempotencyKey: `cancel-case-1-${run}` }).expect(201);
  const caseId = (start.body as { caseId: string }).caseId;
  await until(() => caseRecordModel(api.db).findOne({ caseId }).lean());
  await request(api.app).post(`/cases/${caseId}/cancel`).set(api.auth('operator')).send({}).expect(400);
  await request(api.app).post(`/cases/${caseId}/cancel`).set(api.auth('auditor')).send({ reason: 'customer withdrew' }).expect(403);
  await request(api.app).post(`/cases/${caseId}/cancel`).set(api.auth('operator')).send({ reason: 'customer withdrew' }).expect(200);
  const entry = await auditLog(api.db).findOne({ action: 'case.cancel', target: caseId }).lean();
  expect(entry?.after).toMatchObject({ reason: 'customer withdrew' });
  await until(async () => (await caseRecordModel(api.db).findOne({ caseId, status: 'cancelled' }).lean()) ?? undefined);
  // a second cancel of a closed case is a conflict or not-found, never a 500
  const again = await request(api.app).post(`/cases/${caseId}/cancel`).set(api.auth('operator')).send({ reason: 'twice' });
  expect([404, 409]).toContain(again.status);
}, 60000);

it('an operator skips a waiting user task with a reason, a message reaches the case, and the case completes', async () => {
  const start = await request(api.app).post('/contacts').set(api.auth('operator')).send({ customerId: 'cust-9', business: 'BILL', channel: 'WEB', idempotencyKey: `skip-case-1-${run}` }).expect(201);
  const caseId = (start.body as { caseId: string }).caseId;
  const state = await until(async () => {
    const res = await request(api.app).get(`/cases/${caseId}`).set(api.auth('operator')).expect(200);
    const s = res.body as { tokens: { id: string; elementId: string; state: string }[] };
    return s.tokens.find((t) => t.elementId === 'Task_answer' && t.state === 'waiting') ? s : undefined;
  });
  await request(api.app).post(`/cases/${caseId}/message`).set(api.auth('operator')).send({ name: 'Nobody waits for this' }).expect(200);
  await request(api.app).post(`/cases/${caseId}/move`).set(api.auth('operator')).send({ tokenId: 'nope', targetElementId: 'End_1', reason: 'test' }).expect(409);
  await request(api.app).post(`/cases/${caseId}/skip`).set(api.auth('operator')).send({ elementId: 'Task_answer' }).expect(400);
  const token = state.tokens.find((t) => t.elementId === 'Task_answer')!;
  await request(api.app).post(`/cases/${caseId}/skip`).set(api.auth('operator')).send({ tokenId: token.id, reason: 'answered by phone already' }).expect(200);
  await until(async () => (await caseRecordModel(api.db).findOne({ caseId, status: 'completed' }).lean()) ?? undefined);
  expect(await auditLog(api.db).exists({ action: 'case.skip', target: caseId })).toBeTruthy();
}, 60000);
