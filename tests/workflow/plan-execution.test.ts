/**
 * Plan execution on the Temporal dev server: fan-out under the concurrency limit by priority,
 * retries of unreachable customers, pause/resume/cancel mid-plan, continue-as-new, the plan's end
 * time, operator intervention, and the plan's BPMN flow for reached customers.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { defaultOutcomeRule } from '../../activities/campaign/simulated-channel';
import type { ChannelRequest } from '../../activities/campaign/channel';
import { channelForAttempt } from '../../core/strategy';
import {
  CONTACT_WORKFLOW,
  cancelPlanUpdate,
  contactWorkflowId,
  intervenePlanUpdate,
  pausePlanUpdate,
  resumePlanUpdate,
  type PlanResult,
} from '../../workflows/plan/messages';
import { GraphBuilder } from './support/graph-builder';
import { anyTime, createPlanHarness, HOUR, type PlanHarness } from './plan-harness';
import { TEMPORAL_ADDRESS } from '../support/servers';

let h: PlanHarness;
let connection: Connection;
let nativeConnection: NativeConnection;
/** What the simulated channel was asked, as the outside world saw it. */
const requests: ChannelRequest[] = [];

beforeAll(async () => {
  connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  nativeConnection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  h = await createPlanHarness('wf-plan', { client: new Client({ connection }), nativeConnection }, {
    latencyMs: 20,
    rule: (req) => (requests.push(req), defaultOutcomeRule(req)),
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await nativeConnection?.close();
  await connection?.close();
});

const updateError = (p: Promise<unknown>, re: RegExp): Promise<void> =>
  expect(p).rejects.toMatchObject({ cause: { message: expect.stringMatching(re) } });

describe('fan-out', () => {
  it('when a plan runs, then every customer ends once, unreachable ones after exactly maxAttempts spaced attempts', async () => {
    const strategy = anyTime({ maxAttempts: 3, retrySpacingMs: 1500, attemptsPerChannel: 2 });
    const customers = ['c-ok-1', 'c-ok-2', 'c-unreachable-1', 'c-late2', 'c-refuse', 'c-ok-3', 'c-unreachable-2', 'c-fail'];
    const planId = await h.plan('fan', customers);
    const handle = await h.start({ planId, strategy, concurrency: 3 });
    const result: PlanResult = await handle.result();

    expect(result).toMatchObject({ status: 'finished', targets: 8, done: 8, reached: 5, unreachable: 2, failed: 1, inProgress: 0 });
    const ledger = await h.ledger(planId);
    const byCustomer = new Map<string, typeof ledger>();
    for (const r of ledger) byCustomer.set(r.customerId, [...(byCustomer.get(r.customerId) ?? []), r]);
    for (const id of ['c-unreachable-1', 'c-unreachable-2', 'c-fail']) {
      const attempts = byCustomer.get(id) ?? [];
      expect(attempts.map((a) => a.attemptNo)).toEqual([1, 2, 3]);
      expect(attempts.map((a) => a.channel)).toEqual([1, 2, 3].map((n) => channelForAttempt(strategy, n)));
      expect(attempts.map((a) => a.channel)).toEqual(['phone', 'phone', 'sms']);
      for (let i = 1; i < attempts.length; i++) {
        expect(new Date(attempts[i].at).getTime() - new Date(attempts[i - 1].at).getTime()).toBeGreaterThanOrEqual(1500);
      }
    }
    expect((byCustomer.get('c-late2') ?? []).map((a) => a.outcome)).toEqual(['unreachable', 'completed']);
    for (const id of ['c-ok-1', 'c-ok-2', 'c-ok-3', 'c-refuse']) expect(byCustomer.get(id)).toHaveLength(1);
    // Exactly one delivery per ledger record, and no delivery without one.
    const deliveries = await h.deliveryDocs(planId);
    expect(deliveries.map((d) => d._id).sort()).toEqual(ledger.map((r) => r._id).sort());
  });

  it('when the concurrency limit is 1, then customers are served by priority, higher first, then in list order, each asking for the strategy\'s skills', async () => {
    const planId = await h.plan('prio', [
      { customerId: 'p-low-a', priority: 0 },
      { customerId: 'p-high-a', priority: 5 },
      { customerId: 'p-mid', priority: 2 },
      { customerId: 'p-high-b', priority: 5 },
      { customerId: 'p-low-b', priority: 0 },
    ]);
    const handle = await h.start({ planId, strategy: anyTime({ requiredSkills: ['care', 'mandarin'] }), concurrency: 1 });
    await handle.result();
    const ledger = await h.ledger(planId);
    const mine = requests.filter((r) => r.planId === planId);
    expect(mine).toHaveLength(5);
    for (const r of mine) expect(r.requiredSkills).toEqual(['care', 'mandarin']);
    const served = [...ledger].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime()).map((r) => r.customerId);
    expect(served).toEqual(['p-high-a', 'p-high-b', 'p-mid', 'p-low-a', 'p-low-b']);
  });

  it('when the plan has more contacts than one run takes, then it continues as new and loses none', async () => {
    const customers = Array.from({ length: 23 }, (_, i) => `can-${String(i).padStart(2, '0')}`);
    const planId = await h.plan('can', customers);
    const handle = await h.start({ planId, strategy: anyTime(), concurrency: 4, pageSize: 7, contactsPerRun: 6 });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'finished', targets: 23, done: 23, reached: 23 });
    expect(result.runs).toBeGreaterThanOrEqual(4);
    const ledger = await h.ledger(planId);
    expect(ledger.map((r) => r.customerId).sort()).toEqual(customers);
  });

  it('when the end time passes, then no attempt starts after it and the rest count as expired', async () => {
    const strategy = anyTime({ maxAttempts: 5, retrySpacingMs: 60_000 });
    const planId = await h.plan('end', ['e-ok', 'e-unreachable', 'e-ok-2', 'e-ok-3']);
    const endAt = Date.now() + 4000;
    const handle = await h.start({ planId, strategy, concurrency: 2, endAt });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'finished', targets: 4, done: 4, reached: 3, expired: 1 });
    const ledger = await h.ledger(planId);
    expect(ledger.filter((r) => r.customerId === 'e-unreachable')).toHaveLength(1);
    for (const r of ledger) expect(new Date(r.at).getTime()).toBeLessThan(endAt);
  });
});

describe('steering', () => {
  it('when a plan is paused mid-way, then no attempt starts until it is resumed; cancel stops it; invalid transitions are refused', async () => {
    const customers = Array.from({ length: 30 }, (_, i) => `s-${String(i).padStart(2, '0')}`);
    const planId = await h.plan('steer', customers);
    const handle = await h.start({ planId, strategy: anyTime(), concurrency: 2 });
    await h.waitProgress(handle, (p) => p.done >= 3);

    await updateError(handle.executeUpdate(resumePlanUpdate, { args: [{ actor: 'op' }] }), /invalid transition started → started/);
    const paused = await handle.executeUpdate(pausePlanUpdate, { args: [{ actor: 'op', reason: 'agents at lunch' }] });
    expect(paused.status).toBe('paused');
    await updateError(handle.executeUpdate(pausePlanUpdate, { args: [{ actor: 'op' }] }), /invalid transition paused → paused/);
    // Let contacts that were mid-attempt finish, then nothing moves.
    await new Promise((r) => setTimeout(r, 1000));
    const before = (await h.ledger(planId)).length;
    await new Promise((r) => setTimeout(r, 2000));
    expect((await h.ledger(planId)).length).toBe(before);
    expect((await h.progress(handle)).status).toBe('paused');

    await handle.executeUpdate(resumePlanUpdate, { args: [{ actor: 'op' }] });
    await h.waitProgress(handle, (p) => p.done >= before + 3);
    const cancelled = await handle.executeUpdate(cancelPlanUpdate, { args: [{ actor: 'op', reason: 'campaign withdrawn' }] });
    expect(['cancelling', 'cancelled']).toContain(cancelled.status);
    await updateError(handle.executeUpdate(pausePlanUpdate, { args: [{ actor: 'op' }] }), /invalid transition cancelled → paused/);
    const result = await handle.result();
    expect(result.status).toBe('cancelled');
    expect(result.done).toBe(30);
    expect(result.reached + result.cancelled).toBe(30);
    expect(result.cancelled).toBeGreaterThan(0);
    const ledger = await h.ledger(planId);
    expect(ledger.length).toBe(result.reached);
    expect(new Set(ledger.map((r) => r.customerId)).size).toBe(ledger.length);
  });

  it('when an operator asks for an attempt now, then it happens at once; stop ends that contact', async () => {
    const strategy = anyTime({ maxAttempts: 5, retrySpacingMs: 2 * HOUR });
    const planId = await h.plan('op', ['o-unreachable-1', 'o-unreachable-2']);
    const handle = await h.start({ planId, strategy, concurrency: 2 });
    await h.waitProgress(handle, () => true);
    for (let i = 0; i < 100 && (await h.ledger(planId)).length < 2; i++) await new Promise((r) => setTimeout(r, 100));

    await updateError(
      handle.executeUpdate(intervenePlanUpdate, { args: [{ actor: 'op', customerId: 'nobody', action: 'attempt-now' }] }),
      /nobody has no contact in progress/,
    );
    await handle.executeUpdate(intervenePlanUpdate, { args: [{ actor: 'op', reason: 'customer called back', customerId: 'o-unreachable-1', action: 'attempt-now' }] });
    for (let i = 0; i < 100 && (await h.ledger(planId)).length < 3; i++) await new Promise((r) => setTimeout(r, 100));
    const ledger = await h.ledger(planId);
    expect(ledger.filter((r) => r.customerId === 'o-unreachable-1').map((r) => r.attemptNo)).toEqual([1, 2]);
    expect(ledger.filter((r) => r.customerId === 'o-unreachable-2').map((r) => r.attemptNo)).toEqual([1]);

    await handle.executeUpdate(intervenePlanUpdate, { args: [{ actor: 'op', customerId: 'o-unreachable-1', action: 'stop' }] });
    await h.waitProgress(handle, (p) => p.cancelled === 1 && p.inProgress === 1);
    await handle.executeUpdate(cancelPlanUpdate, { args: [{ actor: 'op' }] });
    expect(await handle.result()).toMatchObject({ status: 'cancelled', done: 2, cancelled: 2 });
  });
});

describe('business keys', () => {
  it('when a contact with the same plan and customer is already running, then that customer counts as failed and the plan goes on', async () => {
    const planId = await h.plan('dup', ['d-unreachable', 'd-ok']);
    const strategy = anyTime({ maxAttempts: 3, retrySpacingMs: 2 * HOUR });
    const squatter = await h.client.workflow.start(CONTACT_WORKFLOW, {
      taskQueue: h.taskQueue,
      workflowId: contactWorkflowId(planId, 'd-unreachable'),
      args: [{ planId, customerId: 'd-unreachable', strategy }],
    });
    const result = await (await h.start({ planId, strategy, concurrency: 2 })).result();
    expect(result).toMatchObject({ status: 'finished', targets: 2, done: 2, reached: 1, failed: 1 });
    await squatter.terminate('test over');
  }, 120_000);
});

describe('service flow', () => {
  it('when the plan has a BPMN flow, then each reached customer runs it through the engine as a case', async () => {
    const graph = new GraphBuilder().start().service('survey', 'echo').end().chain('start', 'survey', 'end').build();
    const planId = await h.plan('svc', ['f-ok', 'f-unreachable']);
    const handle = await h.start({
      planId,
      strategy: anyTime({ maxAttempts: 1 }),
      concurrency: 2,
      service: { definitionId: 'care-survey', version: 1, graph },
    });
    expect(await handle.result()).toMatchObject({ reached: 1, unreachable: 1 });
    const caseHandle = h.client.workflow.getHandle(`plan:${planId}:contact:f-ok:case`);
    const caseResult = (await caseHandle.result()) as { status: string; variables: Record<string, unknown> };
    expect(caseResult.status).toBe('completed');
    expect(caseResult.variables).toMatchObject({ planId, customerId: 'f-ok', attemptNo: 1, outcome: 'completed' });
  });
});
