/** The audit chain: every change appended with a hash chain; tampering in the database is found. */
import request from 'supertest';
import { auditLog } from '../../store/audit';
import { createTestApi, type TestApi } from './helpers';

let api: TestApi;
beforeEach(async () => {
  api = await createTestApi('api-audit');
  for (const code of ['BILL', 'PLAN', 'COMPLAINT']) {
    await request(api.app).post('/touchpoints/businesses').set(api.auth('process-owner')).send({ code, name: code, class: 'query' }).expect(201);
  }
});
afterEach(async () => {
  await api.close();
});

it('when nothing was touched, then the chain is intact and each entry links to the previous', async () => {
  const res = await request(api.app).get('/audit/verify').set(api.auth('auditor')).expect(200);
  expect(res.body.intact).toBe(true);
  const entries = await auditLog(api.db).find({}).sort({ seq: 1 }).lean();
  expect(entries.length).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < entries.length; i++) expect(entries[i].prevHash).toBe(entries[i - 1].hash);
  const list = await request(api.app).get('/audit?action=business.create').set(api.auth('auditor')).expect(200);
  expect(list.body.items[0]).toMatchObject({ actor: 'process-owner-user', action: 'business.create', target: 'COMPLAINT' });
});

it('when an entry is edited directly in the database, then verify names it', async () => {
  const victim = await auditLog(api.db).findOne({ action: 'business.create', target: 'PLAN' }).lean();
  await auditLog(api.db).collection.updateOne({ _id: victim!._id } as never, { $set: { actor: 'someone-else' } });
  const res = await request(api.app).get('/audit/verify').set(api.auth('admin')).expect(200);
  expect(res.body).toMatchObject({ intact: false, brokenAt: { seq: victim!.seq, reason: 'content does not match its hash' } });
});

it('when an entry is deleted directly in the database, then verify finds the gap', async () => {
  const victim = await auditLog(api.db).findOne({ action: 'business.create', target: 'PLAN' }).lean();
  await auditLog(api.db).collection.deleteOne({ _id: victim!._id } as never);
  const res = await request(api.app).get('/audit/verify').set(api.auth('auditor')).expect(200);
  expect(res.body.intact).toBe(false);
  expect(res.body.brokenAt.seq).toBe(victim!.seq);
});

it('when an entry is rewritten with a recomputed hash, then the next link breaks', async () => {
  const victim = await auditLog(api.db).findOne({ action: 'business.create', target: 'PLAN' }).lean();
  await auditLog(api.db).collection.updateOne({ _id: victim!._id } as never, { $set: { hash: 'f'.repeat(64) } });
  const res = await request(api.app).get('/audit/verify').set(api.auth('auditor')).expect(200);
  expect(res.body.intact).toBe(false);
  expect(res.body.brokenAt.seq).toBe(victim!.seq);
});

it('when many changes arrive at once, then the chain stays linear and intact', async () => {
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      request(api.app).post('/touchpoints/segments').set(api.auth('admin')).send({ code: `SEG${i}`, name: `Segment ${i}` }).expect(201),
    ),
  );
  const res = await request(api.app).get('/audit/verify').set(api.auth('auditor')).expect(200);
  expect(res.body.intact).toBe(true);
});

it('when the newest entries are deleted, then verify reports the truncation', async () => {
  const last = await auditLog(api.db).findOne({}).sort({ seq: -1 }).lean();
  await auditLog(api.db).collection.deleteOne({ _id: last!._id } as never);
  const res = await request(api.app).get('/audit/verify').set(api.auth('auditor')).expect(200);
  expect(res.body).toMatchObject({ intact: false, brokenAt: { seq: last!.seq } });
});
