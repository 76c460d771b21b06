/**
 * Recurring plans and extra conditions through `/plans` on FerretDB and the Temporal dev server: a
 * Schedule starts one occurrence per firing, each with its own run id over the targets selected at
 * that moment; overlapping firings are skipped; pause, resume and cancel steer the Schedule; extra
 * conditions skip targets with a recorded reason before any contact.
 */
import { ScheduleNotFoundError } from '@temporalio/client';
import request from 'supertest';
import { attemptKey, attemptModel } from '../../store/campaign/ledger';
import { targetModel } from '../../store/campaign/targets';
import { planWorkflowId } from '../../workflows/plan/messages';
import { startCampaignWorker, type CampaignWorker } from './campaign-worker';
import { createTestApi, until, type TestApi } from './helpers';

let api: TestApi;
let worker: CampaignWorker | undefined;

const anyTime = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  name: `Any time ${id}`,
  channels: ['phone', 'sms'],
  timeZone: 'UTC',
  windows: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], hours: [{ start: '00:00', end: '24:00' }] }],
  requiredSkills: [],
  maxAttempts: 2,
  retrySpacingMs: 200,
  ...over,
});

beforeAll(async () => {
  api = await createTestApi('api-plans-rec');
  worker = await startCampaignWorker(api, 20);
  const owner = api.auth('process-owner');
  await request(api.app).post('/strategies').set(owner).send(anyTime('quick')).expect(201);
  // An unreachable customer keeps an occurrence busy for about 2 × 3 s.
  await request(api.app).post('/strategies').set(owner).send(anyTime('slow', { maxAttempts: 3, retrySpacingMs: 3000 })).expect(201);
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

const RUN = Date.now().toString(36);
const body = (code: string, extra: Record<string, unknown> = {}) => ({ code, name: `Plan ${code}`, strategyId: 'quick', concurrency: 2, ...extra });

interface Runs {
  paused: boolean;
  occurrencesStarted: number;
  skippedOverlapping: number;
  occurrences: { runId: string; workflowId: string; running: boolean; progress: { status: string; targets: number; done: number; reached: number } | null }[];
}
const runsOf = async (code: string): Promise<Runs> => (await request(api.app).get(`/plans/${code}/runs`).set(api.auth('auditor')).expect(200)).body as Runs;
const customer = (id: string, extra: Record<string, unknown> = {}) =>
  request(api.app).post('/customers').set(api.auth('operator')).send({ id, name: `Customer ${id}`, phones: ['13900000000'], ...extra }).expect(201);

describe('recurring plans', () => {
  it('when a recurring plan with a customer query is started, then each occurrence runs over the customers matching at that time, under its own run id, and pause, resume and cancel steer the schedule', async () => {
    const owner = api.auth('process-owner');
    const code = `rec-${RUN}`;
    await customer(`r1-${RUN}`, { segment: 'REC' });
    await customer(`r2-${RUN}`, { segment: 'REC' });
    const created = await request(api.app)
      .post('/plans')
      .set(owner)
      .send(body(code, { cycle: { kind: 'recurring', every: '2s', timeZone: 'Asia/Shanghai' }, targets: { query: { segment: 'REC' } } }))
      .expect(201);
    expect(created.body).toMatchObject({ status: 'created', cycle: { kind: 'recurring', every: '2s' }, targets: 2 });
    await request(api.app).get(`/plans/${code}/runs`).set(owner).expect(409);
    await request(api.app).post(`/plans/${code}/start`).set(owner).send({}).expect(200);

    const first = await until(async () => (await runsOf(code)).occurrences.find((o) => o.progress?.status === 'finished'));
    expect(first.progress).toMatchObject({ targets: 2, done: 2, reached: 2 });
    expect(first.runId).toMatch(new RegExp(`^${code}@\\d{4}-\\d{2}-\\d{2}T`));

    // The query is evaluated again for each occurrence: a customer added now is served by a later one.
    await customer(`r3-${RUN}`, { segment: 'REC' });
    const later = await until(async () => (await runsOf(code)).occurrences.find((o) => o.progress?.status === 'finished' && o.progress.targets === 3), 60_000);
    expect(later.runId).not.toBe(first.runId);
    expect(later.progress).toMatchObject({ done: 3, reached: 3 });

    // Each occurrence has its own ledger entries: the same customer once per occurrence, never twice in one.
    const ledger = [...(await attemptModel(api.db).find({ planId: first.runId }).lean()), ...(await attemptModel(api.db).find({ planId: later.runId }).lean())];
    expect(ledger.filter((a) => a.planId === first.runId).map((a) => a.customerId).sort()).toEqual([`r1-${RUN}`, `r2-${RUN}`]);
    expect(ledger.filter((a) => a.planId === later.runId).map((a) => a.customerId).sort()).toEqual([`r1-${RUN}`, `r2-${RUN}`, `r3-${RUN}`]);
    expect(ledger.find((a) => a.planId === later.runId && a.customerId === `r3-${RUN}`)?._id).toBe(attemptKey(later.runId, `r3-${RUN}`, 1));

    // Pause: no occurrence starts while paused.
    await request(api.app).post(`/plans/${code}/pause`).set(api.auth('operator')).send({ reason: 'audit' }).expect(200);
    // The schedule is paused and so is an occurrence that was running at that moment.
    const paused = await runsOf(code);
    expect(paused.paused).toBe(true);
    for (const o of paused.occurrences.filter((x) => x.running)) expect(o.progress?.status).toBe('paused');
    const pausedAt = paused.occurrencesStarted;
    await new Promise((r) => setTimeout(r, 5000));
    expect((await runsOf(code)).occurrencesStarted).toBe(pausedAt);
    expect((await request(api.app).post(`/plans/${code}/pause`).set(owner).send({}).expect(409)).body.detail).toMatch(/paused → paused/);

    await request(api.app).post(`/plans/${code}/resume`).set(owner).send({}).expect(200);
    await until(async () => (await runsOf(code)).occurrencesStarted > pausedAt, 30_000);

    const cancelled = await request(api.app).post(`/plans/${code}/cancel`).set(owner).send({ reason: 'season over' }).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await expect(api.temporal.schedule.getHandle(planWorkflowId(code)).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect((await request(api.app).post(`/plans/${code}/resume`).set(owner).send({}).expect(409)).body.detail).toMatch(/cancelled → started/);
  }, 180_000);

  it('when an occurrence is still running at the next firing, then that firing is skipped: never two occurrences at once; cancel stops the running one', async () => {
    const owner = api.auth('process-owner');
    const code = `ovl-${RUN}`;
    await request(api.app)
      .post('/plans')
      .set(owner)
      .send(body(code, { strategyId: 'slow', cycle: { kind: 'recurring', every: '1s' }, targets: { customers: [{ customerId: 'o-unreachable-1' }, { customerId: 'o-ok-1' }] } }))
      .expect(201);
    await request(api.app).post(`/plans/${code}/start`).set(owner).send({}).expect(200);
    const busy = await until(async () => {
      const r = await runsOf(code);
      return r.skippedOverlapping >= 2 && r;
    }, 30_000);
    expect(busy.occurrences.filter((o) => o.running)).toHaveLength(1);
    const runningOne = busy.occurrences.find((o) => o.running)!;

    await request(api.app).post(`/plans/${code}/cancel`).set(owner).send({}).expect(200);
    const result = (await api.temporal.workflow.getHandle(runningOne.workflowId).result()) as { status: string; cancelled: number };
    expect(result.status).toBe('cancelled');
    // Only that occurrence ever ran: every attempt on the customers belongs to it, within the strategy's 3 attempts.
    const attempts = await attemptModel(api.db).find({ customerId: 'o-unreachable-1' }).lean();
    expect(attempts.every((x) => x.planId === runningOne.runId)).toBe(true);
    expect(attempts.length).toBeLessThanOrEqual(3);
    expect(busy.occurrences).toHaveLength(1);
  }, 120_000);

  it('when a cycle is malformed, then 400 names the field', async () => {
    const owner = api.auth('process-owner');
    const send = (cycle: unknown) => request(api.app).post('/plans').set(owner).send(body(`bad-${RUN}`, { cycle })).expect(400);
    expect((await send({ kind: 'recurring', every: '500ms' })).body.detail).toMatch(/body\.cycle\.every/);
    expect((await send({ kind: 'recurring', every: '1m', cron: '0 9 * * 1' })).body.detail).toMatch(/body\.cycle\.cron/);
    expect((await send({ kind: 'recurring', cron: '0 9 * *' })).body.detail).toMatch(/body\.cycle\.cron/);
    expect((await send({ kind: 'recurring', cron: '0 9 * * 1', timeZone: 'Mars/Olympus' })).body.detail).toMatch(/body\.cycle\.timeZone/);
    expect((await send({ kind: 'once', every: '1h' })).body.detail).toMatch(/body\.cycle\.kind/);
  });
});

describe('extra conditions', () => {
  it('when a plan has extra conditions, then failing targets are skipped before any contact, each with its reason in the progress and on the target', async () => {
    const owner = api.auth('process-owner');
    const yes = { sms: true, email: false, voice: false, marketing: false };
    await customer(`k-ok-${RUN}`, { segment: 'VIP', consent: yes });
    await customer(`k-noconsent-${RUN}`, { segment: 'VIP', consent: { ...yes, sms: false } });
    await customer(`k-mass-${RUN}`, { segment: 'MASS', consent: yes });
    await customer(`k-recent-${RUN}`, { segment: 'VIP', consent: yes });
    // Reached two days ago by another plan.
    await attemptModel(api.db).create({
      _id: attemptKey('older-plan', `k-recent-${RUN}`, 1),
      planId: 'older-plan',
      customerId: `k-recent-${RUN}`,
      attemptNo: 1,
      channel: 'phone',
      at: new Date(Date.now() - 2 * 86_400_000),
      outcome: 'completed',
      recordedAt: new Date(),
    });
    const code = `cond-${RUN}`;
    const ids = ['ok', 'noconsent', 'mass', 'recent', 'ghost'].map((k) => ({ customerId: `k-${k}-${RUN}` }));
    await request(api.app)
      .post('/plans')
      .set(owner)
      .send(body(code, { conditions: { consent: ['sms'], segments: ['VIP'], notContactedWithinDays: 7 }, targets: { customers: ids } }))
      .expect(201);
    await request(api.app).post(`/plans/${code}/start`).set(owner).send({}).expect(200);
    const done = await until(async () => {
      const p = (await request(api.app).get(`/plans/${code}/progress`).set(owner).expect(200)).body as { status: string };
      return p.status === 'finished' && p;
    });
    expect(done).toMatchObject({ targets: 5, done: 5, reached: 1, skipped: 4, expired: 0 });
    const live = await api.temporal.workflow.getHandle(planWorkflowId(code)).query<{ skipReasons: Record<string, number> }>('progress');
    expect(live.skipReasons).toEqual({ 'no-consent:sms': 1, segment: 1, 'recently-contacted': 1, 'no-customer-record': 1 });
    const ledger = await attemptModel(api.db).find({ planId: code }).lean();
    expect(ledger.map((a) => a.customerId)).toEqual([`k-ok-${RUN}`]);
    const targets = await targetModel(api.db).find({ planId: code }).sort({ order: 1 }).lean();
    expect(targets.map((t) => [t.customerId, t.skipped?.reason ?? null])).toEqual([
      [`k-ok-${RUN}`, null],
      [`k-noconsent-${RUN}`, 'no-consent:sms'],
      [`k-mass-${RUN}`, 'segment'],
      [`k-recent-${RUN}`, 'recently-contacted'],
      [`k-ghost-${RUN}`, 'no-customer-record'],
    ]);
  }, 90_000);

  it('when a FEEL condition reads the target columns, then only targets it holds for are contacted; a malformed one is a 400 naming it', async () => {
    const owner = api.auth('process-owner');
    await customer(`f-gold-${RUN}`);
    await customer(`f-plain-${RUN}`);
    const code = `feel-${RUN}`;
    await request(api.app).post('/plans').set(owner).send(body(code, { conditions: { expression: 'data.tier = "gold"' } })).expect(201);
    await request(api.app).put(`/plans/${code}/targets`).set(owner).set('Content-Type', 'text/csv').send(`customerId,tier\nf-gold-${RUN},gold\nf-plain-${RUN},silver\n`).expect(200);
    await request(api.app).post(`/plans/${code}/start`).set(owner).send({}).expect(200);
    const done = await until(async () => {
      const p = (await request(api.app).get(`/plans/${code}/progress`).set(owner).expect(200)).body as { status: string };
      return p.status === 'finished' && p;
    });
    expect(done).toMatchObject({ targets: 2, reached: 1, skipped: 1 });
    expect((await attemptModel(api.db).find({ planId: code }).lean()).map((a) => a.customerId)).toEqual([`f-gold-${RUN}`]);

    const bad = await request(api.app).post('/plans').set(owner).send(body(`feel-bad-${RUN}`, { conditions: { expression: 'data.tier = = "x' } })).expect(400);
    expect(bad.body.detail).toMatch(/body\.conditions\.expression/);
    await request(api.app).post('/plans').set(owner).send(body(`feel-bad-${RUN}`, { conditions: {} })).expect(400);
  }, 90_000);
});
