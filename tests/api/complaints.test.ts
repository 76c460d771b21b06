/**
 * `/complaints` on the real stack: createApp on FerretDB, a Temporal worker running the default
 * complaint process with the complaint handlers (simulator channels), role checks and problem+json.
 */
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import request from 'supertest';
import { createActivities } from '../../activities';
import { simulatorChannels } from '../../activities/channels/simulator';
import { registerComplaintHandlers } from '../../activities/complaints/handlers';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import { DEFAULT_POLICY } from '../../core/complaints';
import { complaints, departments } from '../../store/complaints';
import { customers } from '../../store/contacts';
import { definitions } from '../../store/definitions';
import { taskModel } from '../../store/engine/task';
import { users } from '../../store/users';
import { TEMPORAL_ADDRESS } from '../support/servers';
import { createTestApi, type TestApi } from './helpers';

let api: TestApi;
let worker: Worker;
let running: Promise<void>;
let native: NativeConnection;
const sims = simulatorChannels();
// Temporal outlives the test database: keys (hence complaint ids) must be new on every run.
const run = Date.now().toString(36);

const noop = (): void => undefined;
const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

beforeAll(async () => {
  api = await createTestApi('api-cmp');
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quiet });
  native = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const handlers = registerComplaintHandlers(createHandlerRegistry(), {
    db: api.db,
    channels: sims,
    temporal: { client: () => Promise.resolve(api.temporal), taskQueue: api.config.TEMPORAL_TASK_QUEUE },
    policy: { ...DEFAULT_POLICY, reopenWindow: 'PT5S' },
  });
  worker = await Worker.create({ connection: native, taskQueue: api.config.TEMPORAL_TASK_QUEUE, workflowBundle, activities: createActivities({ db: api.db, handlers, complaintChannels: sims }) });
  running = worker.run();
  await users(api.db).updateOne({ _id: api.userIds.agent }, { $set: { department: 'billing', skills: ['billing'] } });
  await departments(api.db).create({ _id: 'billing', name: 'Billing', supervisor: 'sup-billing', head: 'head-billing', skills: ['billing'] });
  await customers(api.db).create({ _id: 'cust-a', name: 'Zhao Lei', phones: ['+8613811112222'], emails: ['zhao@example.com'], consent: { sms: true, email: true, voice: true, marketing: false } });
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await native?.close();
  await api?.close();
});

async function until<T>(fn: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 150));
  }
}

const record = (id: string) => complaints(api.db).findById(id).lean();
const body = { customerId: 'cust-a', channel: 'email', text: 'You charged my bill twice', subject: 'Double charge' };

describe('POST /complaints', () => {
  test('the same complaint submitted five times at once with one client key gives one case and one record', async () => {
    const key = `cmp-key-${run}-1`;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => request(api.app).post('/complaints').set(api.auth('agent')).set('Idempotency-Key', key).send(body)),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    const ids = new Set(responses.map((r) => (r.body as { complaintId: string }).complaintId));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(await complaints(api.db).countDocuments({ customerId: 'cust-a', text: body.text, _id: id })).toBe(1);
    const desc = await api.temporal.workflow.getHandle(id).describe();
    expect(desc.status.name).toBe('RUNNING');
    // The default process was deployed once, on first use.
    expect(await definitions(api.db).countDocuments({ processId: 'complaint-handling' })).toBe(1);
    await api.temporal.workflow.getHandle(id).terminate('test over');
  });

  test('bad input is a 400 problem naming the field; unknown customer 422; roles are checked', async () => {
    const bad = await request(api.app).post('/complaints').set(api.auth('agent')).send({ ...body, channel: 'fax' }).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(bad.body)).toContain('body.channel');
    const unknown = await request(api.app).post('/complaints').set(api.auth('agent')).send({ ...body, customerId: 'nobody' }).expect(422);
    expect(JSON.stringify(unknown.body)).toContain('body.customerId');
    await request(api.app).post('/complaints').set(api.auth('auditor')).send(body).expect(403);
    await request(api.app).post('/complaints').set(api.auth('process-owner')).send(body).expect(403);
    await request(api.app).post('/complaints').send(body).expect(401);
    await request(api.app).get('/complaints?status=nonsense').set(api.auth('agent')).expect(400);
    await request(api.app).get('/complaints/reports/monthly?month=2026-13').set(api.auth('agent')).expect(400);
  });
});

describe('a complaint through the API', () => {
  test('submit, agent replies, customer rates, list and detail, reopen within the window, 409 after it', async () => {
    const res = await request(api.app).post('/complaints').set(api.auth('operator')).set('Idempotency-Key', `cmp-key-${run}-2`).send(body).expect(201);
    const id = (res.body as { complaintId: string }).complaintId;
    await until(async () => (await record(id))?.owner === api.userIds.agent);

    // Another agent cannot answer someone else's complaint; the owner can.
    await until(() => taskModel(api.db).findOne({ caseId: id, elementId: 'Handle', status: 'open' }).lean());
    await request(api.app).post(`/complaints/${id}/reply`).set(api.auth('agent2')).send({ replyText: 'x' }).expect(404);
    await request(api.app).post(`/complaints/${id}/reply`).set(api.auth('agent')).send({ needCustomerInfo: true }).expect(400);
    const badOverride = await request(api.app).post(`/complaints/${id}/reply`).set(api.auth('agent')).send({ replyText: 'x', overridePriority: 'asap' }).expect(400);
    expect(JSON.stringify(badOverride.body)).toContain('overridePriority');
    await request(api.app).post(`/complaints/${id}/reply`).set(api.auth('agent')).send({ replyText: 'We refunded the second charge.' }).expect(200);
    await until(async () => (await record(id))?.status === 'replied');
    expect(sims.email.sentFor(`${id}:reply:0`).map((m) => m.to)).toEqual(['zhao@example.com']);
    await request(api.app).post(`/complaints/${id}/reopen`).set(api.auth('agent')).send({ reason: 'too early' }).expect(409);
    await request(api.app).post(`/complaints/${id}/survey`).set(api.auth('agent')).send({ score: 9 }).expect(400);
    await request(api.app).post(`/complaints/${id}/survey`).set(api.auth('agent')).send({ score: 4 }).expect(200);
    await until(async () => {
      const r = await record(id);
      return r?.status === 'closed' && r.slaState === 'met';
    });

    const list = await request(api.app).get('/complaints?status=closed&department=billing&channel=email&slaState=met').set(api.auth('auditor')).expect(200);
    const items = (list.body as { items: { id: string; replyTo: string }[] }).items;
    expect(items.map((i) => i.id)).toContain(id);
    expect(items.find((i) => i.id === id)?.replyTo).toBe('z***@example.com');
    const none = await request(api.app).get('/complaints?status=closed&channel=sms').set(api.auth('agent')).expect(200);
    expect((none.body as { items: { id: string }[] }).items.map((i) => i.id)).not.toContain(id);

    const detail = await request(api.app).get(`/complaints/${id}`).set(api.auth('agent')).expect(200);
    const d = detail.body as { clocks: { name: string; state: string; dueAt: string }[]; timeline: { kind: string }[]; replies: unknown[]; satisfaction: { score: number } };
    expect(d.clocks.map((c) => [c.name, c.state])).toEqual([
      ['reply', 'met'],
      ['resolution', 'met'],
    ]);
    expect(d.timeline.map((t) => t.kind)).toEqual(['received', 'classified', 'assigned', 'replied', 'surveyed', 'closed']);
    expect(d.satisfaction.score).toBe(4);

    await request(api.app).post(`/complaints/${id}/reopen`).set(api.auth('auditor')).send({ reason: 'x' }).expect(403);
    await request(api.app).post(`/complaints/${id}/reopen`).set(api.auth('agent')).send({ reason: 'the charge is back' }).expect(200);
    await until(async () => {
      const r = await record(id);
      return r?.round === 1 && r.status === 'assigned';
    });
    await until(() => taskModel(api.db).findOne({ caseId: id, elementId: 'Handle', status: 'open' }).lean());
    // The agent changes the priority while replying: the Reclassify step records it.
    const overridePriority = (await record(id))?.priority === 'low' ? 'normal' : 'low';
    await request(api.app).post(`/complaints/${id}/reply`).set(api.auth('agent')).send({ replyText: 'Blocked the duplicate for good.', overridePriority }).expect(200);
    await until(async () => (await record(id))?.status === 'replied');
    await request(api.app).post(`/complaints/${id}/survey`).set(api.auth('agent')).send({ score: 5 }).expect(200);
    const closed = await until(async () => {
      const r = await record(id);
      return r?.status === 'closed' && r.round === 1 ? r : null;
    });
    expect((closed.overrides ?? []).map((o) => [o.round, o.to.priority])).toContainEqual([1, overridePriority]);
    // The detail carries the rules' classification and the override (who, when, from, to) for the screens.
    const overridden = (await request(api.app).get(`/complaints/${id}`).set(api.auth('auditor')).expect(200)).body as { ruleResult: { kind: string; priority: string }; overrides: { by: string; at: string; round: number; from: { priority: string }; to: { priority: string } }[] };
    expect(overridden.ruleResult).toMatchObject({ kind: closed.ruleResult?.kind, priority: closed.ruleResult?.priority });
    expect(overridden.overrides.map((o) => [o.round, o.by, o.to.priority])).toContainEqual([1, closed.owner, overridePriority]);
    expect(Date.parse(overridden.overrides[0].at)).toBeGreaterThan(0);
    await until(() => Promise.resolve((closed.reopenUntil as Date).getTime() < Date.now()), 10_000);
    const late = await request(api.app).post(`/complaints/${id}/reopen`).set(api.auth('agent')).send({ reason: 'again' }).expect(409);
    expect(late.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(late.body)).toContain('reopenUntil');

    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const report = await request(api.app).get(`/complaints/reports/monthly?month=${month}&department=billing`).set(api.auth('process-owner')).expect(200);
    const billing = (report.body as { departments: { department: string; received: number; byCategory: Record<string, number>; sla: { met: number }; satisfaction: { answers: number } }[] }).departments[0];
    expect(billing.department).toBe('billing');
    expect(billing.received).toBeGreaterThanOrEqual(1);
    expect(billing.byCategory.billing).toBeGreaterThanOrEqual(1);
    expect(billing.sla.met).toBeGreaterThanOrEqual(4);
    expect(billing.satisfaction.answers).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
