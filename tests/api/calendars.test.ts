/**
 * Business calendars on the real servers: stored by name and validated (every fault named), and
 * handed to the cases whose models name them, so a timer counts working time; a case whose
 * calendar is missing raises an incident instead of counting clock time silently.
 */
import mongoose from 'mongoose';
import request from 'supertest';
import { addBusinessDuration } from '../../core/calendar';
import { auditLog } from '../../store/audit';
import { createTestApi, fixture, startEngineWorker, until, type TestApi, type TestWorker } from './helpers';

let api: TestApi;
let worker: TestWorker | undefined;
const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

const office = {
  name: 'Office hours',
  timeZone: 'Asia/Shanghai',
  week: { '1': [{ start: '09:00', end: '18:00' }], '2': [{ start: '09:00', end: '18:00' }], '3': [{ start: '09:00', end: '18:00' }], '4': [{ start: '09:00', end: '18:00' }], '5': [{ start: '09:00', end: '18:00' }] },
  holidays: ['2026-12-25'],
};

beforeAll(async () => {
  api = await createTestApi('api-calendars');
  worker = await startEngineWorker(api);
  const owner = api.auth('process-owner');
  await request(api.app).post('/definitions').set(owner).set('Content-Type', 'text/xml').send(fixture('business-timers.bpmn')).expect(201);
  await request(api.app).post('/touchpoints/businesses').set(owner).send({ code: 'CALLBACK', name: 'Call back', class: 'query' }).expect(201);
  await request(api.app).post('/touchpoints').set(owner).send({ business: 'CALLBACK', channel: 'WEB', processId: 'Process_bt' }).expect(201);
}, 120000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

it('when a calendar is malformed, then every fault is named and nothing is stored', async () => {
  const owner = api.auth('process-owner');
  const zone = await request(api.app).put('/calendars/office').set(owner).send({ ...office, timeZone: 'Mars/Olympus' }).expect(422);
  expect(zone.headers['content-type']).toMatch(/problem\+json/);
  expect(JSON.stringify(zone.body)).toContain('body.timeZone');
  const hours = await request(api.app).put('/calendars/office').set(owner).send({ ...office, week: { '1': [{ start: '9am', end: '18:00' }] } }).expect(400);
  expect(JSON.stringify(hours.body)).toContain('week');
  const none = await request(api.app).put('/calendars/office').set(owner).send({ name: 'x', timeZone: 'UTC', week: {} }).expect(422);
  expect(JSON.stringify(none.body)).toContain('no weekday has working hours');
  await request(api.app).get('/calendars/office').set(owner).expect(404);
  await request(api.app).put('/calendars/bad name!').set(owner).send(office).expect(400);
});

it('when a model names a stored calendar, then its timer counts working time; without it the case raises an incident', async () => {
  const owner = api.auth('process-owner');
  const created = await request(api.app).put('/calendars/office').set(owner).send(office).expect(201);
  expect(created.body).toMatchObject({ _id: 'office', name: 'Office hours', calendar: { id: 'office', timeZone: 'Asia/Shanghai' } });
  await request(api.app).put('/calendars/office').set(owner).send(office).expect(200);
  await request(api.app).put('/calendars/office').set(api.auth('operator')).send(office).expect(403);
  const listed = await request(api.app).get('/calendars').set(api.auth('agent')).expect(200);
  expect((listed.body as { _id: string }[]).map((c) => c._id)).toEqual(['office']);
  expect(await auditLog(api.db).countDocuments({ action: mongoose.trusted({ $in: ['calendar.create', 'calendar.change'] }), target: 'office' })).toBe(2);

  const contact = await request(api.app).post('/contacts').set(api.auth('operator')).send({ customerId: 'c-cal', business: 'CALLBACK', channel: 'WEB', idempotencyKey: `cal-1-${run}` }).expect(201);
  const caseId = String(contact.body.caseId);
  const waiting = await until(async () => {
    const res = await request(api.app).get(`/cases/${caseId}`).set(api.auth('operator')).expect(200);
    const token = (res.body.tokens as { elementId: string; waitingFor?: string; dueAt?: string }[]).find((t) => t.elementId === 'Wait' && t.dueAt);
    return token ? { token, trail: res.body.trail as { elementId: string; lifecycle: string; at: string }[] } : undefined;
  });
  const startedAt = Date.parse(waiting.trail.find((e) => e.elementId === 'Wait' && e.lifecycle === 'start')!.at);
  const expected = addBusinessDuration({ id: 'office', ...office }, startedAt, 16 * 3600_000);
  expect(Math.abs(Date.parse(waiting.token.dueAt!) - expected)).toBeLessThan(1000);
  // Sixteen working hours are at least two calendar days away, whenever the test runs.
  expect(Date.parse(waiting.token.dueAt!) - startedAt).toBeGreaterThan(24 * 3600_000);

  await request(api.app).delete('/calendars/office').set(owner).expect(200, { deleted: 'office' });
  const second = await request(api.app).post('/contacts').set(api.auth('operator')).send({ customerId: 'c-cal', business: 'CALLBACK', channel: 'WEB', idempotencyKey: `cal-2-${run}` }).expect(201);
  const incident = await until(async () => {
    const res = await request(api.app).get(`/cases/${String(second.body.caseId)}`).set(api.auth('operator')).expect(200);
    return (res.body.incidents as { elementId: string; message: string }[]).find((i) => i.elementId === 'Wait');
  });
  expect(incident.message).toContain('office');
}, 90000);
