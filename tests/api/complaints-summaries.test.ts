/**
 * The stored monthly summaries and the clock figures of the complaint screens, on the real stack:
 * the monthly summary workflow runs on a real worker (Temporal dev server) and stores into FerretDB;
 * `GET /complaints/reports/summaries` reads back what it stored.
 */
import request from 'supertest';
import { complaints, insertComplaint, summaries, type SlaClockDoc } from '../../store/complaints';
import { MONTHLY_SUMMARY_WORKFLOW } from '../../workflows/complaints/messages';
import type { complaintMonthlySummary } from '../../workflows/complaints/monthly-summary';
import { createTestApi, startEngineWorker, type TestApi, type TestWorker } from './helpers';

let api: TestApi;
let worker: TestWorker;
const run = Date.now().toString(36);
const HOUR = 3_600_000;

beforeAll(async () => {
  api = await createTestApi('api-cmp-sum');
  worker = await startEngineWorker(api);
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

/** A handled complaint of March 2026 (Shanghai time) as the complaint handlers leave it. */
async function handled(id: string, o: { department: string; category: string; kind: string; clock: 'met' | 'breached'; score?: number; receivedAt: string }): Promise<void> {
  await insertComplaint(api.db, { _id: id, customerId: 'cust-s', channel: 'email', replyChannel: 'email', replyTo: 's@example.com', text: 'x', receivedAt: new Date(o.receivedAt) });
  const at = new Date(o.receivedAt);
  const clock: SlaClockDoc = { round: 0, name: 'reply', durationMs: 24 * HOUR, warnFraction: 0.75, startedAt: at, dueAt: at, warnAt: at, consumedMs: 0, pausedBusinessMs: 0, stoppedAt: at, state: o.clock };
  await complaints(api.db).updateOne(
    { _id: id },
    {
      $set: {
        department: o.department,
        category: o.category,
        kind: o.kind,
        status: 'closed',
        clocks: [clock],
        ...(o.score ? { satisfaction: { score: o.score, satisfied: o.score >= 3, at } } : {}),
      },
    },
  );
}

async function summarise(month: string, n: number): Promise<{ month: string; departments: number }> {
  return api.temporal.workflow.execute<typeof complaintMonthlySummary>(MONTHLY_SUMMARY_WORKFLOW, { taskQueue: api.config.TEMPORAL_TASK_QUEUE, workflowId: `sum-${run}-${n}`, args: [{ month }] });
}

describe('GET /complaints/reports/summaries', () => {
  test('when the monthly summary runs twice for a month, then one summary is stored (the later one) and the route returns it by month and department', async () => {
    await handled(`s-${run}-1`, { department: 'billing', category: 'billing', kind: 'complaint', clock: 'met', score: 5, receivedAt: '2026-03-02T02:00:00Z' });
    await handled(`s-${run}-2`, { department: 'billing', category: 'billing', kind: 'complaint', clock: 'breached', score: 2, receivedAt: '2026-03-15T02:00:00Z' });
    await handled(`s-${run}-3`, { department: 'product', category: 'product', kind: 'suggestion', clock: 'met', receivedAt: '2026-03-20T02:00:00Z' });
    // 2026-02-28T17:00Z is 1 March 01:00 in Shanghai: March by the centre's clock.
    await handled(`s-${run}-4`, { department: 'billing', category: 'fees', kind: 'complaint', clock: 'met', receivedAt: '2026-02-28T17:00:00Z' });
    // April in Shanghai: not in March's summary.
    await handled(`s-${run}-5`, { department: 'billing', category: 'billing', kind: 'complaint', clock: 'met', receivedAt: '2026-03-31T16:30:00Z' });

    expect(await summarise('2026-03', 1)).toEqual({ month: '2026-03', departments: 2 });
    const first = await request(api.app).get('/complaints/reports/summaries?month=2026-03').set(api.auth('auditor')).expect(200);
    const firstStored = (first.body as { items: { storedAt: string }[] }).items[0].storedAt;

    // A late record of March arrives; the second run replaces the stored summary, it does not add one.
    await handled(`s-${run}-6`, { department: 'product', category: 'product', kind: 'opinion', clock: 'met', score: 4, receivedAt: '2026-03-25T02:00:00Z' });
    await summarise('2026-03', 2);
    expect(await summaries(api.db).countDocuments({ _id: '2026-03' })).toBe(1);

    const res = await request(api.app).get('/complaints/reports/summaries?month=2026-03').set(api.auth('process-owner')).expect(200);
    type Dep = { department: string; received: number; byKind: Record<string, number>; byCategory: Record<string, number>; sla: { met: number; breached: number; compliance: number }; satisfaction: { answers: number; average: number } };
    const items = (res.body as { items: { month: string; storedAt: string; departments: Dep[] }[] }).items;
    expect(items).toHaveLength(1);
    expect(items[0].month).toBe('2026-03');
    expect(new Date(items[0].storedAt).getTime()).toBeGreaterThanOrEqual(new Date(firstStored).getTime());
    const [billing, product] = items[0].departments;
    expect(billing).toMatchObject({ department: 'billing', received: 3, byKind: { complaint: 3 }, byCategory: { billing: 2, fees: 1 }, sla: { met: 2, breached: 1 }, satisfaction: { answers: 2, average: 3.5 } });
    expect(billing.sla.compliance).toBeCloseTo(2 / 3);
    expect(product).toMatchObject({ department: 'product', received: 2, byKind: { suggestion: 1, opinion: 1 }, sla: { met: 2, breached: 0, compliance: 1 } });

    const one = await request(api.app).get('/complaints/reports/summaries?month=2026-03&department=product').set(api.auth('agent')).expect(200);
    expect((one.body as { items: { departments: Dep[] }[] }).items[0].departments.map((d) => d.department)).toEqual(['product']);

    // Without a month: the latest stored months, newest first.
    await summarise('2026-04', 3);
    const latest = await request(api.app).get('/complaints/reports/summaries').set(api.auth('operator')).expect(200);
    expect((latest.body as { items: { month: string }[] }).items.map((i) => i.month)).toEqual(['2026-04', '2026-03']);
    const none = await request(api.app).get('/complaints/reports/summaries?month=2025-01').set(api.auth('operator')).expect(200);
    expect(none.body).toEqual({ items: [] });
  }, 90_000);

  test('a malformed month is a 400 problem naming query.month; an unknown parameter is refused; no credentials is 401', async () => {
    const bad = await request(api.app).get('/complaints/reports/summaries?month=2026-3').set(api.auth('agent')).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(bad.body)).toContain('query.month');
    const extra = await request(api.app).get('/complaints/reports/summaries?months=2026-03').set(api.auth('agent')).expect(400);
    expect(JSON.stringify(extra.body)).toContain('months');
    await request(api.app).get('/complaints/reports/summaries').expect(401);
  });
});

describe('GET /complaints/:id clocks', () => {
  test('a running clock shows the business time left on its calendar, a paused one its banked remainder, a stopped one none', async () => {
    const id = `c-${run}-clocks`;
    const now = Date.now();
    await insertComplaint(api.db, { _id: id, customerId: 'cust-s', channel: 'sms', replyChannel: 'sms', replyTo: '+8613800000000', text: 'x', receivedAt: new Date(now - HOUR) });
    const base = { round: 0, warnFraction: 0.75, startedAt: new Date(now - HOUR), warnAt: new Date(now), pausedBusinessMs: 0 };
    const clocks: SlaClockDoc[] = [
      // The 24-hour duty line: business time is wall time, so two hours to the deadline are two business hours.
      { ...base, name: 'reply', calendarId: 'duty-line', durationMs: 3 * HOUR, consumedMs: 0, dueAt: new Date(now + 2 * HOUR), state: 'running' },
      { ...base, name: 'resolution', calendarId: 'duty-line', durationMs: 10 * HOUR, consumedMs: 4 * HOUR, dueAt: new Date(now + 6 * HOUR), pausedAt: new Date(now - 1000), state: 'paused' },
      { ...base, round: 1, name: 'reply', calendarId: 'duty-line', durationMs: 3 * HOUR, consumedMs: HOUR, dueAt: new Date(now), stoppedAt: new Date(now), state: 'met' },
    ];
    await complaints(api.db).updateOne({ _id: id }, { $set: { clocks } });
    const res = await request(api.app).get(`/complaints/${id}`).set(api.auth('auditor')).expect(200);
    const got = (res.body as { clocks: { name: string; state: string; remainingBusinessMs?: number }[] }).clocks;
    expect(got.map((c) => c.state)).toEqual(['running', 'paused', 'met']);
    expect(got[0].remainingBusinessMs).toBeLessThanOrEqual(2 * HOUR);
    expect(got[0].remainingBusinessMs).toBeGreaterThan(2 * HOUR - 60_000);
    expect(got[1].remainingBusinessMs).toBe(6 * HOUR);
    expect(got[2].remainingBusinessMs).toBeUndefined();
  });
});
