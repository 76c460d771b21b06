/**
 * `/plans` on FerretDB and Temporal: targets from CSV, the lifecycle with invalid transitions
 * refused as 409, progress, the evaluation report on a fixed ledger fixture against hand-computed
 * figures, the follow-up plan, roles.
 */
import request from 'supertest';
import { attemptModel, attemptKey, type AttemptDoc } from '../../store/campaign/ledger';
import { targetModel } from '../../store/campaign/targets';
import { contactWorkflowId, planWorkflowId } from '../../workflows/plan/messages';
import { startCampaignWorker, type CampaignWorker } from './campaign-worker';
import { createTestApi, type TestApi } from './helpers';

let api: TestApi;
let worker: CampaignWorker | undefined;

const strategy = {
  id: 'any-time',
  name: 'Any time',
  channels: ['phone', 'sms'],
  timeZone: 'Asia/Shanghai',
  windows: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], hours: [{ start: '00:00', end: '24:00' }] }],
  requiredSkills: [],
  maxAttempts: 2,
  retrySpacingMs: 300,
};

beforeAll(async () => {
  api = await createTestApi('api-plans');
  worker = await startCampaignWorker(api, 250);
  await request(api.app).post('/strategies').set(api.auth('process-owner')).send(strategy).expect(201);
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

/** Plan codes are workflow ids on the shared Temporal server: unique per run. */
const RUN = Date.now().toString(36);
const LIFE = `life-${RUN}`;
const CANCEL = `cancel-me-${RUN}`;

const planBody = (code: string, extra: Record<string, unknown> = {}) => ({ code, name: `Plan ${code}`, strategyId: 'any-time', concurrency: 2, ...extra });

async function waitFor<T>(get: () => Promise<T>, pred: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < until) {
    last = await get();
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not reached: ${JSON.stringify(last)}`);
}

describe('targets', () => {
  it('when a CSV is uploaded, then its rows become the targets ordered by priority; bad rows are named by line', async () => {
    const owner = api.auth('process-owner');
    await request(api.app).post('/plans').set(owner).send(planBody('csv-plan')).expect(201);
    const bad = await request(api.app).put('/plans/csv-plan/targets').set(owner).set('Content-Type', 'text/csv').send('customerId,priority\nc-1,1\n$bad id,2\nc-3,x\n').expect(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['body.line 3.customerId', 'body.line 4.priority']);
    await request(api.app).put('/plans/csv-plan/targets').set(owner).set('Content-Type', 'text/csv').send('name,phone\nx,1\n').expect(400);

    const ok = await request(api.app).put('/plans/csv-plan/targets').set(owner).set('Content-Type', 'text/csv').send('customerId,priority,phone\nc-low,0,111\nc-high,9,222\nc-mid,5,333\nc-low,7,444\n').expect(200);
    expect(ok.body).toEqual({ planId: 'csv-plan', targets: 3 });
    const stored = await targetModel(api.db).find({ planId: 'csv-plan' }).sort({ order: 1 }).lean();
    expect(stored.map((t) => [t.customerId, t.data?.phone])).toEqual([['c-high', '222'], ['c-mid', '333'], ['c-low', '111']]);
  });

  it('when a plan names a customer query, then the matching customers become its targets', async () => {
    const operator = api.auth('operator');
    for (const [id, segment] of [['q-1', 'VIP'], ['q-2', 'MASS'], ['q-3', 'VIP']]) {
      await request(api.app).post('/customers').set(operator).send({ id, name: `Customer ${id}`, segment, phones: ['13900000000'] }).expect(201);
    }
    const created = await request(api.app).post('/plans').set(api.auth('process-owner')).send(planBody('vip-care', { targets: { query: { segment: 'VIP' } } })).expect(201);
    expect(created.body).toMatchObject({ targets: 2, targetSource: { kind: 'query', query: { segment: 'VIP' } }, status: 'created' });
  });
});

describe('validation', () => {
  it('when a plan is malformed, then 4xx problem+json names the field', async () => {
    const owner = api.auth('process-owner');
    const noStrategy = await request(api.app).post('/plans').set(owner).send(planBody('p-bad', { strategyId: 'nope' })).expect(422);
    expect(noStrategy.body.errors[0].field).toBe('body.strategyId');
    const ends = await request(api.app).post('/plans').set(owner).send(planBody('p-bad', { startAt: '2026-12-01T10:00:00Z', endAt: '2026-12-01T09:00:00Z' })).expect(422);
    expect(ends.body.errors[0].field).toBe('body.endAt');
    const recurring = await request(api.app).post('/plans').set(owner).send(planBody('p-bad', { cycle: { kind: 'recurring' } })).expect(400);
    expect(recurring.body.detail).toMatch(/body\.cycle\.cron/);
    const noQuestionnaire = await request(api.app).post('/plans').set(owner).send(planBody('p-bad', { service: { questionnaireCode: 'NO-SUCH-Q' } })).expect(422);
    expect(noQuestionnaire.body.errors[0]).toMatchObject({ field: 'body.service.questionnaireCode', message: 'no such questionnaire' });
    const zero = await request(api.app).post('/plans').set(owner).send(planBody('p-bad', { concurrency: 0 })).expect(400);
    expect(zero.body.detail).toMatch(/body\.concurrency/);
    await request(api.app).post('/plans').set(api.auth('operator')).send(planBody('p-op')).expect(403);
    await request(api.app).get('/plans').set(api.auth('agent')).expect(403);
    await request(api.app).post('/plans').set(owner).send(planBody('empty')).expect(201);
    expect((await request(api.app).post('/plans/empty/start').set(owner).send({}).expect(409)).body.detail).toMatch(/invalid transition created → started: the plan has no targets/);
  });
});

describe('lifecycle', () => {
  it('when a plan is started, paused, resumed and runs to the end, then the status follows and invalid transitions are 409 naming them', async () => {
    const owner = api.auth('process-owner');
    const operator = api.auth('operator');
    const customers = Array.from({ length: 10 }, (_, i) => ({ customerId: `l-ok-${i}` }));
    await request(api.app).post('/plans').set(owner).send(planBody(LIFE, { targets: { customers } })).expect(201);

    const notStarted = await request(api.app).post(`/plans/${LIFE}/pause`).set(operator).send({}).expect(409);
    expect(notStarted.headers['content-type']).toMatch(/problem\+json/);
    expect(notStarted.body.detail).toMatch(/invalid transition created → paused/);
    await request(api.app).post(`/plans/${LIFE}/start`).set(api.auth('auditor')).send({}).expect(403);
    await request(api.app).post(`/plans/${LIFE}/start`).set(api.auth('agent')).send({}).expect(403);

    const started = await request(api.app).post(`/plans/${LIFE}/start`).set(operator).send({ reason: 'go' }).expect(200);
    expect(started.body.status).toBe('started');
    expect((await request(api.app).post(`/plans/${LIFE}/start`).set(operator).send({}).expect(409)).body.detail).toMatch(/invalid transition started → started/);
    expect((await request(api.app).post(`/plans/${LIFE}/resume`).set(operator).send({}).expect(409)).body.detail).toMatch(/invalid transition started → started/);

    await waitFor(() => request(api.app).get(`/plans/${LIFE}/progress`).set(operator).then((r) => r.body as { done: number }), (p) => p.done >= 2);
    expect((await request(api.app).post(`/plans/${LIFE}/pause`).set(operator).send({ reason: 'lunch' }).expect(200)).body.status).toBe('paused');
    expect((await request(api.app).post(`/plans/${LIFE}/pause`).set(operator).send({}).expect(409)).body.detail).toMatch(/invalid transition paused → paused/);
    const paused = await request(api.app).get(`/plans/${LIFE}/progress`).set(api.auth('auditor')).expect(200);
    expect(paused.body).toMatchObject({ status: 'paused', targets: 10 });
    await new Promise((r) => setTimeout(r, 800));
    const still = (await request(api.app).get(`/plans/${LIFE}/progress`).set(operator).expect(200)).body as { done: number; inProgress: number };
    await new Promise((r) => setTimeout(r, 1200));
    expect(((await request(api.app).get(`/plans/${LIFE}/progress`).set(operator).expect(200)).body as { done: number }).done).toBe(still.done);

    await request(api.app).post(`/plans/${LIFE}/resume`).set(operator).send({}).expect(200);
    const plan = await waitFor(() => request(api.app).get(`/plans/${LIFE}`).set(operator).then((r) => r.body as { status: string }), (p) => p.status === 'finished');
    expect(plan).toMatchObject({ status: 'finished', lastProgress: { targets: 10, done: 10, reached: 10 } });
    expect((plan as unknown as { statusLog: { to: string }[] }).statusLog.map((s) => s.to)).toEqual(['created', 'started', 'paused', 'started', 'finished']);
    expect((await request(api.app).post(`/plans/${LIFE}/cancel`).set(operator).send({}).expect(409)).body.detail).toMatch(/invalid transition finished → cancelled/);
    const progress = await request(api.app).get(`/plans/${LIFE}/progress`).set(operator).expect(200);
    expect(progress.body).toMatchObject({ status: 'finished', done: 10, reached: 10 });
  });

  it('when a started plan is cancelled, then it ends cancelled and an operator intervention on a finished plan is refused', async () => {
    const operator = api.auth('operator');
    const customers = Array.from({ length: 12 }, (_, i) => ({ customerId: `x-unreachable-${i}` }));
    await request(api.app).post('/plans').set(api.auth('process-owner')).send(planBody(CANCEL, { priority: 90, targets: { customers } })).expect(201);
    await request(api.app).post(`/plans/${CANCEL}/start`).set(operator).send({}).expect(200);
    await waitFor(() => request(api.app).get(`/plans/${CANCEL}/progress`).set(operator).then((r) => r.body as { inProgress: number }), (p) => p.inProgress > 0);
    // Plan priority 90 runs at Temporal task priority key 2 (the default is 3), and so do its contacts.
    expect((await api.temporal.workflow.getHandle(planWorkflowId(CANCEL)).describe()).priority?.priorityKey).toBe(2);
    // The plan counts a contact in progress when it asks for the child's start, a moment before it runs.
    const contact = await waitFor(
      () => api.temporal.workflow.getHandle(contactWorkflowId(CANCEL, 'x-unreachable-0')).describe().catch(() => undefined),
      (d) => d !== undefined,
    );
    expect(contact?.priority?.priorityKey).toBe(2);
    const bad = await request(api.app).post(`/plans/${CANCEL}/contacts/nobody/intervene`).set(operator).send({ action: 'stop', reason: 'x' }).expect(409);
    expect(bad.body.detail).toMatch(/nobody has no contact in progress/);
    expect((await request(api.app).post(`/plans/${CANCEL}/cancel`).set(operator).send({ reason: 'withdrawn' }).expect(200)).body.status).toBe('cancelled');
    const p = await waitFor(() => request(api.app).get(`/plans/${CANCEL}/progress`).set(operator).then((r) => r.body as { done: number; status: string }), (x) => x.done === 12);
    expect(p.status).toBe('cancelled');
    await request(api.app).post(`/plans/${CANCEL}/contacts/x-unreachable-1/intervene`).set(operator).send({ action: 'stop', reason: 'x' }).expect(409);
  });
});

describe('evaluation and follow-up', () => {
  /** Shanghai is UTC+8 all year: 01:00Z is 09:00 local (morning), 06:00Z 14:00 (afternoon), 11:00Z 19:00 (evening). */
  const at = (hourUtc: number): Date => new Date(Date.UTC(2026, 10, 2, hourUtc));
  const sheet = (customer: string, score: string) => ({ id: `s-${customer}`, questionnaireCode: 'sat', respondent: customer, answeredAt: 0, answers: [{ questionId: 'sat', options: [score] }] });
  const attempt = (customerId: string, attemptNo: number, channel: string, hourUtc: number, outcome: AttemptDoc['outcome'], extra: Partial<AttemptDoc> = {}): AttemptDoc => ({
    _id: attemptKey('eval', customerId, attemptNo),
    planId: 'eval',
    customerId,
    attemptNo,
    channel,
    at: at(hourUtc),
    outcome,
    recordedAt: new Date(),
    ...extra,
  });

  beforeAll(async () => {
    const satisfaction = { questionId: 'sat', scores: { '1': 1, '2': 2, '3': 3, '4': 4, '5': 5 }, satisfiedAtLeast: 4 };
    const customers = ['e1', 'e2', 'e3', 'e4', 'e5'].map((customerId) => ({ customerId }));
    await request(api.app).post('/plans').set(api.auth('process-owner')).send(planBody('eval', { service: { satisfaction }, targets: { customers } })).expect(201);
    await attemptModel(api.db).insertMany([
      attempt('e1', 1, 'phone', 1, 'completed', { answerSheet: sheet('e1', '5'), needsMet: true, goalAchieved: true }),
      attempt('e2', 1, 'phone', 2, 'unreachable'),
      attempt('e2', 2, 'sms', 6, 'completed', { answerSheet: sheet('e2', '2'), needsMet: false }),
      attempt('e3', 1, 'phone', 5, 'refused'),
      attempt('e4', 1, 'phone', 11, 'unreachable'),
      attempt('e4', 2, 'phone', 12, 'unreachable'),
    ]);
    // The ledger refuses the same attempt twice.
    await expect(attemptModel(api.db).create(attempt('e1', 1, 'phone', 3, 'unreachable'))).rejects.toMatchObject({ code: 11000 });
  });

  it('when the ledger holds the fixture, then the report equals the hand-computed figures', async () => {
    const r = await request(api.app).get('/plans/eval/evaluation').set(api.auth('auditor')).expect(200);
    expect(r.body).toMatchObject({
      planId: 'eval',
      targets: 5,
      attempts: 6,
      duplicatesIgnored: 0,
      reached: 3,
      completed: 2,
      reachRate: 0.6,
      completionRate: 0.4,
      satisfaction: { responses: 2, averageScore: 3.5, satisfied: 1, satisfiedRate: 0.5 },
      needsMet: { judged: 2, met: 1, rate: 0.5 },
      goal: { achieved: 1, rate: 0.2 },
      perChannel: {
        phone: { attempts: 5, reached: 2, completed: 1, reachRate: 0.4, completionRate: 0.2 },
        sms: { attempts: 1, reached: 1, completed: 1, reachRate: 1, completionRate: 1 },
      },
      perWindow: {
        morning: { attempts: 2, reached: 1, completed: 1 },
        afternoon: { attempts: 2, reached: 2, completed: 1 },
        evening: { attempts: 2, reached: 0, completed: 0, reachRate: 0 },
      },
    });
  });

  it('when a follow-up is asked for, then one call creates a plan of the not reached and not satisfied', async () => {
    const owner = api.auth('process-owner');
    expect((await request(api.app).post('/plans/eval/follow-up').set(owner).send({ code: 'eval-2' }).expect(409)).body.detail).toMatch(/created/);
    await request(api.app).post('/plans/eval/cancel').set(api.auth('operator')).send({}).expect(200);
    await request(api.app).post('/plans/eval/follow-up').set(api.auth('operator')).send({ code: 'eval-2' }).expect(403);
    const f = await request(api.app).post('/plans/eval/follow-up').set(owner).send({ code: 'eval-2' }).expect(201);
    expect(f.body).toMatchObject({ _id: 'eval-2', status: 'created', targets: 3, targetSource: { kind: 'follow-up', fromPlanId: 'eval' }, reasons: { 'not-reached': 2, 'not-satisfied': 1 } });
    const targets = await targetModel(api.db).find({ planId: 'eval-2' }).sort({ order: 1 }).lean();
    expect(targets.map((t) => t.customerId)).toEqual(['e2', 'e4', 'e5']);
  });
});
