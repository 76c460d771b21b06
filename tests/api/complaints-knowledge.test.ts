/** `/knowledge` on FerretDB: approving handled complaints into Q&A, frequency, keyword search (English and Chinese). */
import request from 'supertest';
import { complaints } from '../../store/complaints';
import { createTestApi, type TestApi } from './helpers';

let api: TestApi;

const closed = (id: string, text: string, reply: string, status = 'closed') => ({
  _id: id,
  customerId: 'cust-k',
  channel: 'web',
  replyChannel: 'web',
  replyTo: 'cust-k',
  text,
  category: 'billing',
  department: 'billing',
  business: 'broadband',
  status,
  receivedAt: new Date(),
  replies: [{ at: new Date(), channel: 'web', to: 'cust-k', body: reply, key: `${id}:reply:0`, providerId: 'x' }],
});

beforeAll(async () => {
  api = await createTestApi('api-kb');
  await complaints(api.db).create([
    closed('k1', 'Why was I charged a late fee on my broadband bill?', 'Late fees apply 15 days after the due date; we waived this one.'),
    closed('k2', 'why was i charged a late fee on my broadband bill', 'Late fees apply 15 days after the due date.'),
    closed('k3', '宽带账单为什么多收了滞纳金？', '逾期十五天后收取滞纳金，本次已减免。'),
    closed('k4', 'Router keeps disconnecting', 'Replace the router.', 'assigned'),
  ]);
}, 60_000);
afterAll(async () => api?.close());

describe('knowledge base', () => {
  test('approving a closed complaint creates an entry; the same question again raises its frequency; once per complaint', async () => {
    const first = await request(api.app).post('/knowledge/from-complaint/k1').set(api.auth('agent')).send({}).expect(201);
    expect(first.body).toMatchObject({ business: 'broadband', frequency: 1, sources: ['k1'], approvedBy: 'agent-user' });
    const again = await request(api.app).post('/knowledge/from-complaint/k2').set(api.auth('agent')).send({}).expect(200);
    expect(again.body).toMatchObject({ _id: (first.body as { _id: string })._id, frequency: 2, sources: ['k1', 'k2'] });
    await request(api.app).post('/knowledge/from-complaint/k2').set(api.auth('agent')).send({}).expect(200);
    const list = await request(api.app).get('/knowledge?business=broadband').set(api.auth('auditor')).expect(200);
    expect((list.body as { items: { frequency: number }[] }).items[0].frequency).toBe(2);
  });

  test('only handled complaints become knowledge; roles and bad input are checked', async () => {
    await request(api.app).post('/knowledge/from-complaint/k4').set(api.auth('agent')).send({}).expect(409);
    await request(api.app).post('/knowledge/from-complaint/none').set(api.auth('agent')).send({}).expect(404);
    await request(api.app).post('/knowledge/from-complaint/k3').set(api.auth('auditor')).send({}).expect(403);
    const bad = await request(api.app).post('/knowledge/from-complaint/k3').set(api.auth('agent')).send({ business: 'no spaces allowed' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('body.business');
    await request(api.app).get('/knowledge/search').set(api.auth('agent')).expect(400);
  });

  test('keyword search finds entries in English and Chinese, best match first; a use counts', async () => {
    await request(api.app).post('/knowledge/from-complaint/k3').set(api.auth('operator')).send({}).expect(201);
    const en = await request(api.app).get('/knowledge/search').query({ q: 'late fees broadband' }).set(api.auth('agent')).expect(200);
    const enItems = (en.body as { items: { sources: string[]; score: number }[] }).items;
    expect(enItems[0].sources).toContain('k1');
    expect(enItems[0].score).toBe(1);
    const zh = await request(api.app).get('/knowledge/search').query({ q: '滞纳金' }).set(api.auth('agent')).expect(200);
    const zhItems = (zh.body as { items: { _id: string; sources: string[] }[] }).items;
    expect(zhItems.map((i) => i.sources[0])).toEqual(['k3']);
    const none = await request(api.app).get('/knowledge/search').query({ q: 'satellite' }).set(api.auth('agent')).expect(200);
    expect((none.body as { items: unknown[] }).items).toEqual([]);
    const used = await request(api.app).post(`/knowledge/${zhItems[0]._id}/use`).set(api.auth('agent')).expect(200);
    expect(used.body).toEqual({ frequency: 2 });
  });
});
