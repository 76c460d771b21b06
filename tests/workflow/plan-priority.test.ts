/**
 * Priority across plans on the Temporal dev server: two plans compete for one busy channel (a worker
 * with a single activity slot). The low plan is started first; once the high plan's attempts are
 * waiting too, every one of them is served before the low plan's remaining attempts. Strict only where each task queue has one partition (the dev servers npm start
 * and the test runner start are configured so; see scripts/stack.ts): with Temporal's default of
 * four partitions the order is approximate.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { defaultOutcomeRule } from '../../activities/campaign/simulated-channel';
import { planPriorityKey } from '../../workflows/plan/messages';
import { TEMPORAL_ADDRESS } from '../support/servers';
import { anyTime, createPlanHarness, type PlanHarness } from './plan-harness';

let h: PlanHarness;
let connection: Connection;
let nativeConnection: NativeConnection;
/** Plan ids in the order the simulated gateway was asked to deliver. */
const served: string[] = [];
let lowCalls = 0;

beforeAll(async () => {
  connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  nativeConnection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  h = await createPlanHarness('wf-plan-prio', { client: new Client({ connection }), nativeConnection }, {
    // The low plan's first two calls are long, so that the high plan has time to queue all of its
    // attempts however slow the machine; every other call takes 200 ms.
    latencyMs: (req) => (req.customerId.startsWith('lo-') && lowCalls++ < 2 ? 2500 : 200),
    rule: (req) => (served.push(req.planId), defaultOutcomeRule(req)),
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await nativeConnection?.close();
  await connection?.close();
});

it('when two plans compete for one channel slot, then the higher plan’s waiting attempts are all served before the lower plan’s', async () => {
  const customers = (p: string) => Array.from({ length: 8 }, (_, i) => `${p}-${i}`);
  const low = await h.plan('low', customers('lo'));
  const high = await h.plan('high', customers('hi'));
  await h.stopWorker();
  await h.startWorker({ maxConcurrentActivityTaskExecutions: 1 });
  const strategy = anyTime({ channels: ['phone'], maxAttempts: 1 });
  const lowRun = await h.start({ planId: low, strategy, concurrency: 8, priorityKey: planPriorityKey(10) });
  // The high plan arrives while the low plan's attempts already queue for the slot.
  await h.waitProgress(lowRun, (p) => p.inProgress > 0);
  const highRun = await h.start({ planId: high, strategy, concurrency: 8, priorityKey: planPriorityKey(90) });
  await Promise.all([lowRun.result(), highRun.result()]);

  expect(served.filter((p) => p === high)).toHaveLength(8);
  expect(served.filter((p) => p === low)).toHaveLength(8);
  // As letters, e.g. LLHHHHHHHHLLLLLL: the low plan had the slot to itself until the high plan's
  // attempts were queued (it loads its targets and starts its contacts first); from then on every
  // high attempt went before the low ones still waiting, which were served last. Without priority
  // the two interleave (LLLLHHHHLHHHHLLL was seen with four partitions).
  const order = served.map((p) => (p === high ? 'H' : 'L')).join('');
  expect(order).toMatch(/^L+H{8}L+$/);
});
