/**
 * POST /messages on the real servers: a message for a process with a message start event starts
 * one case per correlation key (URL-safe case id), later messages with the key reach that case, and
 * wrong input is refused naming the field.
 */
import request from 'supertest';
import { auditLog } from '../../store/audit';
import { caseRecordModel } from '../../store/engine/case-record';
import { createTestApi, fixture, startEngineWorker, until, type TestApi, type TestWorker } from './helpers';

let api: TestApi;
let worker: TestWorker | undefined;
// Case ids derive from process, message and key, and Temporal outlives the test database: new keys every run.
const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  api = await createTestApi('api-messages');
  worker = await startEngineWorker(api);
  await request(api.app).post('/definitions').set(api.auth('process-owner')).set('Content-Type', 'text/xml').send(fixture('message-start.bpmn')).expect(201);
}, 120000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

const send = (body: object, who: 'operator' | 'admin' | 'agent' | 'auditor' = 'operator') => request(api.app).post('/messages').set(api.auth(who)).send(body);

it('when a start message arrives, then it starts one case for its key; the same key again reaches that case', async () => {
  const key = `order 7/${run}`; // spaces and a slash: the case id must still be URL-safe
  const first = await send({ processId: 'Process_order', messageName: 'order placed', correlationKey: key, variables: { amount: 40 }, customerId: 'c-7' }).expect(201);
  expect(first.body).toMatchObject({ started: true, definitionId: 'Process_order:1' });
  const caseId = String(first.body.caseId);
  expect(caseId).toMatch(/^case-msg-[0-9a-f]{32}$/);
  expect(first.body.links.case).toBe(`/cases/${caseId}`);

  const again = await send({ processId: 'Process_order', messageName: 'order placed', correlationKey: key, variables: { note: 'again' } }).expect(200);
  expect(again.body).toMatchObject({ started: false, caseId });

  const record = await until(() => caseRecordModel(api.db).findOne({ caseId }).lean());
  expect(record).toMatchObject({ processId: 'Process_order', customerId: 'c-7', status: 'running' });
  const one = await until(async () => {
    const res = await request(api.app).get(`/cases/${caseId}`).set(api.auth('operator')).expect(200);
    return (res.body.tokens as { elementId: string }[]).some((t) => t.elementId === 'Task_call') ? res : undefined;
  });
  expect(one.body.variables).toMatchObject({ amount: 40 });
  expect(await auditLog(api.db).countDocuments({ action: 'case.start-by-message', target: caseId })).toBe(1);

  // Another key is another case.
  const other = await send({ processId: 'Process_order', messageName: 'order placed', correlationKey: `order 8/${run}` }).expect(201);
  expect(other.body.caseId).not.toBe(caseId);

  // Once the case has ended, its key cannot start or reach anything: 409, not a new case.
  await request(api.app).post(`/cases/${caseId}/cancel`).set(api.auth('operator')).send({ reason: 'order withdrawn' }).expect(200);
  await until(() => caseRecordModel(api.db).findOne({ caseId, status: 'cancelled' }).lean());
  // The record says cancelled at the workflow's last flush, a moment before the workflow closes.
  await until(async () => ((await api.temporal.workflow.getHandle(caseId).describe()).status.name === 'RUNNING' ? undefined : true));
  const closed = await send({ processId: 'Process_order', messageName: 'order placed', correlationKey: key }).expect(409);
  expect(closed.headers['content-type']).toMatch(/problem\+json/);
}, 90000);

it('when the message or process is wrong, then 422 or 400 naming the field, and no case', async () => {
  const noStart = await send({ processId: 'Process_order', messageName: 'order paid', correlationKey: `x-${run}` }).expect(422);
  expect(JSON.stringify(noStart.body)).toContain('body.messageName');
  const notDeployed = await send({ processId: 'Process_missing', messageName: 'order placed', correlationKey: `x-${run}` }).expect(422);
  expect(JSON.stringify(notDeployed.body)).toContain('body.processId');
  const bad = await send({ processId: 'Process_order', messageName: 'order placed' }).expect(400);
  expect(JSON.stringify(bad.body)).toContain('correlationKey');
  await send({ processId: 'Process_order', messageName: 'order placed', correlationKey: `x-${run}`, extra: 1 }).expect(400);
  expect(await caseRecordModel(api.db).countDocuments({ processId: 'Process_missing' })).toBe(0);
});

it('only admins and operators send messages', async () => {
  await send({ processId: 'Process_order', messageName: 'order placed', correlationKey: `r-${run}` }, 'agent').expect(403);
  await send({ processId: 'Process_order', messageName: 'order placed', correlationKey: `r-${run}` }, 'auditor').expect(403);
  await request(api.app).post('/messages').send({}).expect(401);
});
