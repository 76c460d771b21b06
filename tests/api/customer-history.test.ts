/**
 * `GET /customers/:id/history` on the real stack (FerretDB, Temporal): a customer's contacts and
 * complaints in one list, newest first, masked by role, and nothing of other customers.
 */
import request from 'supertest';
import { customers } from '../../store/contacts';
import { createTestApi, fixture, type TestApi } from './helpers';

let api: TestApi;
// Temporal outlives the test database: keys (hence case ids) must be new on every run.
const run = Date.now().toString(36);
const started: string[] = [];

interface Entry {
  type: 'contact' | 'complaint';
  kind?: string;
  at: string;
  caseId?: string;
  id?: string;
  status?: string;
  replyTo?: string;
  customerId?: string;
  payload?: unknown;
  links: Record<string, string>;
}

beforeAll(async () => {
  api = await createTestApi('api-history');
  const owner = api.auth('process-owner');
  await request(api.app).post('/definitions').set(owner).set('Content-Type', 'text/xml').send(fixture('user-task.bpmn')).expect(201);
  await request(api.app).post('/touchpoints/businesses').set(owner).send({ code: 'BILL', name: 'Bill query', class: 'query' }).expect(201);
  await request(api.app).post('/touchpoints').set(owner).send({ business: 'BILL', channel: 'WEB', processId: 'Process_bill_query' }).expect(201);
  await customers(api.db).create({ _id: 'hist-1', name: 'Qian Yu', phones: ['+8613900001111'], emails: ['qian@example.com'] });
  await customers(api.db).create({ _id: 'hist-2', name: 'Sun Li', phones: ['+8613900002222'], emails: ['sun@example.com'] });
}, 60_000);

afterAll(async () => {
  // No worker runs these cases: stop them so they do not wait in the shared dev server.
  await Promise.all(started.map((id) => api.temporal.workflow.getHandle(id).terminate('test finished').catch(() => undefined)));
  await api?.close();
});

it('when a customer has contacts and complaints, then the history lists both, newest first, and none of another customer', async () => {
  const op = api.auth('operator');
  const first = await request(api.app).post('/contacts').set(op).send({ customerId: 'hist-1', business: 'BILL', channel: 'WEB', payload: { note: 'first' }, idempotencyKey: `hist-a-${run}` }).expect(201);
  await new Promise((r) => setTimeout(r, 20));
  const complaint = await request(api.app)
    .post('/complaints')
    .set(op)
    .send({ customerId: 'hist-1', channel: 'email', text: 'The bill was charged twice.', subject: 'Double charge', idempotencyKey: `hist-b-${run}` })
    .expect(201);
  await new Promise((r) => setTimeout(r, 20));
  const second = await request(api.app).post('/contacts').set(op).send({ customerId: 'hist-1', business: 'BILL', channel: 'WEB', idempotencyKey: `hist-c-${run}` }).expect(201);
  const other = await request(api.app).post('/contacts').set(op).send({ customerId: 'hist-2', business: 'BILL', channel: 'WEB', idempotencyKey: `hist-d-${run}` }).expect(201);
  const complaintId = (complaint.body as { complaintId: string }).complaintId;
  started.push(...[first, second, other].map((r) => (r.body as { caseId: string }).caseId), complaintId);

  const res = await request(api.app).get('/customers/hist-1/history').set(op).expect(200);
  const items = (res.body as { customerId: string; items: Entry[] }).items;
  expect((res.body as { customerId: string }).customerId).toBe('hist-1');
  expect(items.map((e) => [e.type, e.caseId ?? e.id])).toEqual([
    ['contact', (second.body as { caseId: string }).caseId],
    ['complaint', complaintId],
    ['contact', (first.body as { caseId: string }).caseId],
  ]);
  const [, c, oldest] = items;
  expect(c).toMatchObject({ type: 'complaint', status: expect.any(String), customerId: 'hist-1', replyTo: 'qian@example.com', links: { complaint: `/complaints/${complaintId}` } });
  expect(c).not.toHaveProperty('text');
  expect(oldest).toMatchObject({ payload: { note: 'first' }, links: { case: `/cases/${oldest.caseId}` } });
  expect(items.map((e) => e.at)).toEqual([...items.map((e) => e.at)].sort().reverse());
}, 60_000);

it('when an auditor reads a history, then contact payloads and the complaint address are masked; an unknown customer is 404', async () => {
  const res = await request(api.app).get('/customers/hist-1/history').set(api.auth('auditor')).expect(200);
  const items = (res.body as { items: Entry[] }).items;
  const complaint = items.find((e) => e.type === 'complaint');
  expect(complaint?.replyTo).toBeDefined();
  expect(complaint?.replyTo).not.toBe('qian@example.com');
  expect(items.filter((e) => e.type === 'contact').every((e) => e.payload === undefined)).toBe(true);

  const missing = await request(api.app).get('/customers/nobody-here/history').set(api.auth('operator')).expect(404);
  expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
  await request(api.app).get('/customers/hist-1/history').expect(401);
  await request(api.app).get('/customers/hist-1/history').set(api.auth('process-owner')).expect(403);
});
