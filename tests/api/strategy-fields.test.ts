/**
 * Strategy problems name the field a form shows them beside: calendar faults found under the
 * windows are about the time zone or the holidays when they say so.
 */
import request from 'supertest';
import { createTestApi, type TestApi } from './helpers';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi('api-strat-fields');
}, 60_000);
afterAll(async () => api?.close());

const body = {
  id: 's1',
  name: 'Weekdays',
  channels: ['phone'],
  timeZone: 'Asia/Shanghai',
  windows: [{ weekdays: [1, 2, 3, 4, 5], hours: [{ start: '09:00', end: '18:00' }] }],
  maxAttempts: 3,
  retrySpacingMs: 3_600_000,
};
const fieldsOf = (res: request.Response): string[] => (res.body as { errors: { field: string }[] }).errors.map((e) => e.field);

it('when the time zone is unknown, then the problem names body.timeZone', async () => {
  const res = await request(api.app).post('/strategies').set(api.auth('process-owner')).send({ ...body, timeZone: 'Mars/Olympus' }).expect(422);
  expect(res.headers['content-type']).toMatch(/problem\+json/);
  expect(fieldsOf(res)).toEqual(['body.timeZone']);
});

it('when a holiday is not a real date, then the problem names body.holidays', async () => {
  const res = await request(api.app).post('/strategies').set(api.auth('process-owner')).send({ ...body, holidays: ['2026-13-40'] }).expect(422);
  expect(fieldsOf(res)).toEqual(['body.holidays']);
});

it('when a window ends before it starts, then the problem still names body.windows', async () => {
  const res = await request(api.app).post('/strategies').set(api.auth('process-owner')).send({ ...body, windows: [{ weekdays: [1], hours: [{ start: '18:00', end: '09:00' }] }] }).expect(422);
  expect(fieldsOf(res)).toEqual(['body.windows']);
});
