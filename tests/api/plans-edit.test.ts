/**
 * `PATCH /plans/:id` on FerretDB: a plan's settings (extra conditions above all) change before it
 * starts, bad conditions are refused naming the field, `conditions: null` removes them, only
 * writers may change a plan, and a plan past `created` refuses changes.
 */
import request from 'supertest';
import { createTestApi, type TestApi } from './helpers';

let api: TestApi;
const RUN = Date.now().toString(36);

beforeAll(async () => {
  api = await createTestApi('api-plans-edit');
  await request(api.app)
    .post('/strategies')
    .set(api.auth('process-owner'))
    .send({ id: 'edit-any-time', name: 'Any time', channels: ['sms'], timeZone: 'Asia/Shanghai', windows: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], hours: [{ start: '00:00', end: '24:00' }] }], requiredSkills: [], maxAttempts: 1, retrySpacingMs: 1000 })
    .expect(201);
}, 120_000);
afterAll(async () => api?.close());

describe('changing a plan before it starts', () => {
  test('when the conditions are changed, then the plan keeps the new ones; bad ones are refused naming the field; null removes them', async () => {
    const owner = api.auth('process-owner');
    const code = `edit-${RUN}`;
    await request(api.app)
      .post('/plans')
      .set(owner)
      .send({ code, name: 'Care calls', strategyId: 'edit-any-time', concurrency: 2, conditions: { consent: ['sms'], segments: ['gold'] } })
      .expect(201);

    const changed = await request(api.app)
      .patch(`/plans/${code}`)
      .set(owner)
      .send({ name: 'Care calls (VIP)', conditions: { consent: ['sms', 'voice'], segments: ['gold', 'platinum'], notContactedWithinDays: 30, expression: 'customer.segment != null' } })
      .expect(200);
    expect(changed.body).toMatchObject({ name: 'Care calls (VIP)', conditions: { consent: ['sms', 'voice'], segments: ['gold', 'platinum'], notContactedWithinDays: 30, expression: 'customer.segment != null' } });
    const read = (await request(api.app).get(`/plans/${code}`).set(api.auth('auditor')).expect(200)).body as { conditions: Record<string, unknown>; concurrency: number };
    expect(read.conditions).toEqual({ consent: ['sms', 'voice'], segments: ['gold', 'platinum'], notContactedWithinDays: 30, expression: 'customer.segment != null' });
    expect(read.concurrency).toBe(2);

    const bad = await request(api.app).patch(`/plans/${code}`).set(owner).send({ conditions: { consent: ['fax'], notContactedWithinDays: 0, expression: 'a ++ (' } }).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = (bad.body as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.conditions.consent.0', 'body.conditions.notContactedWithinDays', 'body.conditions.expression']));
    await request(api.app).patch(`/plans/${code}`).set(owner).send({}).expect(400);

    await request(api.app).patch(`/plans/${code}`).set(owner).send({ conditions: null }).expect(200);
    expect(((await request(api.app).get(`/plans/${code}`).set(owner).expect(200)).body as { conditions?: unknown }).conditions).toBeUndefined();
  });

  test('when an operator or auditor tries, then 403; once the plan is cancelled, then 409', async () => {
    const owner = api.auth('process-owner');
    const code = `edit-locked-${RUN}`;
    await request(api.app).post('/plans').set(owner).send({ code, name: 'Locked', strategyId: 'edit-any-time', concurrency: 1 }).expect(201);
    await request(api.app).patch(`/plans/${code}`).set(api.auth('operator')).send({ name: 'x' }).expect(403);
    await request(api.app).patch(`/plans/${code}`).set(api.auth('auditor')).send({ name: 'x' }).expect(403);
    await request(api.app).post(`/plans/${code}/cancel`).set(owner).send({}).expect(200);
    const late = await request(api.app).patch(`/plans/${code}`).set(owner).send({ priority: 5 }).expect(409);
    expect(late.headers['content-type']).toMatch(/application\/problem\+json/);
    await request(api.app).patch(`/plans/nope-${RUN}`).set(owner).send({ priority: 5 }).expect(404);
  });
});
