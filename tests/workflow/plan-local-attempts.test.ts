/**
 * Plans whose contacts attempt through a local activity (fast channels): the same outcomes, the
 * same ledger and exactly one delivery per ledger record as with activity tasks, fewer history events.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { contactWorkflowId } from '../../workflows/plan/messages';
import { TEMPORAL_ADDRESS } from '../support/servers';
import { anyTime, createPlanHarness, type PlanHarness } from './plan-harness';

let h: PlanHarness;
let connection: Connection;
let nativeConnection: NativeConnection;

beforeAll(async () => {
  connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  nativeConnection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  h = await createPlanHarness('wf-plan-local', { client: new Client({ connection }), nativeConnection }, { latencyMs: 10 });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await nativeConnection?.close();
  await connection?.close();
});

/** The kinds of a history's events, by the attributes each carries. */
const events = async (workflowId: string): Promise<string[]> =>
  ((await h.client.workflow.getHandle(workflowId).fetchHistory()).events ?? []).map((e) =>
    e.markerRecordedEventAttributes ? 'MARKER_RECORDED' : e.activityTaskScheduledEventAttributes ? 'ACTIVITY_TASK_SCHEDULED' : 'other',
  );

it('when contacts attempt through local activities, then outcomes, ledger and deliveries match the activity-task path and no activity task is scheduled', async () => {
  const customers = ['l-ok-1', 'l-unreachable-1', 'l-late2', 'l-refuse', 'l-fail'];
  const strategy = anyTime({ maxAttempts: 2, retrySpacingMs: 300 });
  const local = await h.plan('local', customers);
  const remote = await h.plan('remote', customers);
  const [a, b] = await Promise.all([
    h.start({ planId: local, strategy, concurrency: 3, localAttempts: true }).then((x) => x.result()),
    h.start({ planId: remote, strategy, concurrency: 3 }).then((x) => x.result()),
  ]);
  const figures = (r: typeof a) => ({ done: r.done, reached: r.reached, unreachable: r.unreachable, failed: r.failed });
  expect(figures(a)).toEqual({ done: 5, reached: 3, unreachable: 1, failed: 1 });
  expect(figures(a)).toEqual(figures(b));

  const shape = (l: Awaited<ReturnType<PlanHarness['ledger']>>) => l.map((r) => [r.customerId, r.attemptNo, r.outcome]);
  const ledger = await h.ledger(local);
  expect(shape(ledger)).toEqual(shape(await h.ledger(remote)));
  expect(ledger).toHaveLength(8);
  expect((await h.deliveryDocs(local)).map((d) => d._id).sort()).toEqual(ledger.map((r) => r._id).sort());

  const localEvents = await events(contactWorkflowId(local, 'l-unreachable-1'));
  const remoteEvents = await events(contactWorkflowId(remote, 'l-unreachable-1'));
  expect(localEvents.filter((e) => e === 'ACTIVITY_TASK_SCHEDULED')).toHaveLength(0);
  expect(localEvents.filter((e) => e === 'MARKER_RECORDED')).toHaveLength(2);
  expect(remoteEvents.filter((e) => e === 'ACTIVITY_TASK_SCHEDULED')).toHaveLength(2);
  expect(localEvents.length).toBeLessThan(remoteEvents.length);
}, 90_000);
