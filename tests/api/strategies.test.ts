/** `/strategies` on FerretDB: versions as the change log, templates, validation, roles. */
import request from 'supertest';
import { createTestApi, type TestApi } from './helpers';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi('api-strat');
}, 60_000);
afterAll(async () => api?.close());

const body = {
  id: 'care-weekdays',
  name: 'Care calls on weekdays',
  channels: ['phone', 'sms'],
  timeZone: 'Asia/Shanghai',
  windows: [{ weekdays: [1, 2, 3, 4, 5], hours: [{ start: '09:00', end: '18:00' }] }],
  holidays: ['2026-10-01'],
  requiredSkills: ['care'],
  maxAttempts: 3,
  retrySpacingMs: 7_200_000,
  template: true,
};

it('when a strategy is created and changed, then each change is a new version naming the changed fields and the note', async () => {
  const owner = api.auth('process-owner');
  const v1 = await request(api.app).post('/strategies').set(owner).send(body).expect(201);
  expect(v1.body).toMatchObject({ strategyId: 'care-weekdays', version: 1, template: true, createdBy: 'process-owner-user' });
  await request(api.app).post('/strategies').set(owner).send(body).expect(409);

  const { id: _id, template: _t, ...fields } = body;
  const v2 = await request(api.app).put('/strategies/care-weekdays').set(owner).send({ ...fields, maxAttempts: 5, note: 'more patience' }).expect(201);
  expect(v2.body).toMatchObject({ version: 2, changes: ['maxAttempts'], note: 'more patience' });
  await request(api.app).put('/strategies/care-weekdays').set(owner).send({ ...fields, maxAttempts: 5, note: 'again' }).expect(422);

  const versions = await request(api.app).get('/strategies/care-weekdays/versions').set(api.auth('auditor')).expect(200);
  expect((versions.body as { version: number }[]).map((v) => v.version)).toEqual([1, 2]);
  const latest = await request(api.app).get('/strategies/care-weekdays').set(api.auth('operator')).expect(200);
  expect(latest.body.strategy.maxAttempts).toBe(5);
  const first = await request(api.app).get('/strategies/care-weekdays/versions/1').set(api.auth('operator')).expect(200);
  expect(first.body.strategy.maxAttempts).toBe(3);
});

it('when a template is copied, then the new strategy starts at version 1 and names its source', async () => {
  const owner = api.auth('process-owner');
  await request(api.app).post('/strategies').set(owner).send({ ...body, id: 'tpl-evening', template: true }).expect(201);
  const copy = await request(api.app).post('/strategies/tpl-evening/copy').set(owner).send({ id: 'evening-2026', name: 'Evening survey' }).expect(201);
  expect(copy.body).toMatchObject({ strategyId: 'evening-2026', version: 1, template: false, copiedFrom: 'tpl-evening:1', strategy: { name: 'Evening survey', maxAttempts: 3 } });
  const templates = await request(api.app).get('/strategies?template=true').set(owner).expect(200);
  const ids = (templates.body as { strategyId: string }[]).map((s) => s.strategyId);
  expect(ids).toContain('tpl-evening');
  expect(ids).not.toContain('evening-2026');
});

it('when a strategy is invalid, then 4xx problem+json names the field', async () => {
  const owner = api.auth('process-owner');
  const badZone = await request(api.app).post('/strategies').set(owner).send({ ...body, id: 'bad-zone', timeZone: 'Mars/Olympus' }).expect(422);
  expect(badZone.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(badZone.body.errors[0].field).toMatch(/^body\.(windows|timeZone)/);
  const badHours = await request(api.app).post('/strategies').set(owner).send({ ...body, id: 'bad-hours', windows: [{ weekdays: [9], hours: [] }] }).expect(400);
  expect((badHours.body as { errors: { field: string }[] }).errors.map((e) => e.field).join(' ')).toMatch(/body\.windows\.0\.(weekdays|hours)/);
  const extra = await request(api.app).post('/strategies').set(owner).send({ ...body, id: 'extra', script: 'x' }).expect(400);
  expect(extra.body.detail).toMatch(/script/);
});

it('when callers lack the role, then they are refused', async () => {
  await request(api.app).post('/strategies').set(api.auth('operator')).send({ ...body, id: 'op' }).expect(403);
  await request(api.app).post('/strategies').set(api.auth('auditor')).send({ ...body, id: 'aud' }).expect(403);
  await request(api.app).get('/strategies').set(api.auth('agent')).expect(403);
  await request(api.app).get('/strategies').expect(401);
  await request(api.app).get('/strategies').set(api.auth('auditor')).expect(200);
});
