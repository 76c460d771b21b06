/**
 * The SLA clocks' activities on a task queue of their own, on the Temporal dev server with FerretDB:
 * a clock started with an SLA queue runs its escalations and clock writes there and never on the
 * main queue, and the worker process (worker/main) polls that queue when TEMPORAL_SLA_TASK_QUEUE is set.
 */
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import type { Connection as MongoConnection } from 'mongoose';
import { simulatorChannels } from '../../activities/channels/simulator';
import { createComplaintActivities } from '../../activities/complaints/sla-activities';
import { startSlaClock } from '../../activities/complaints/sla-control';
import { loadConfig, slaTaskQueue } from '../../config';
import { DUTY_LINE_CALENDAR } from '../../core/complaints';
import { connectMongo } from '../../store/connection';
import { complaints } from '../../store/complaints';
import { slaWorkflowId } from '../../workflows/complaints/messages';
import { startWorker } from '../../worker/main';
import { until } from '../api/helpers';
import { quietRuntime } from './plan-harness';
import { TEMPORAL_ADDRESS, uniqueMongoUri, uniqueTaskQueue } from '../support/servers';

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
let db: MongoConnection;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  quietRuntime();
  db = await connectMongo(uniqueMongoUri('sla-queue'));
  connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  client = new Client({ connection });
}, 60_000);

afterAll(async () => {
  await db?.dropDatabase().catch(() => undefined);
  await db?.close();
  await connection?.close();
});

/** Activities that count their calls per queue, around the real ones. */
function counted(calls: string[], queue: string): ReturnType<typeof createComplaintActivities> {
  const real = createComplaintActivities({ db, channels: simulatorChannels() });
  return {
    recordSlaClocks: async (input) => {
      calls.push(`${queue}:recordSlaClocks`);
      return real.recordSlaClocks(input);
    },
    raiseSlaEvent: async (input) => {
      calls.push(`${queue}:raiseSlaEvent`);
      return real.raiseSlaEvent(input);
    },
  } as ReturnType<typeof createComplaintActivities>;
}

test('when a clock is started with an SLA queue, then its warning and breach are written by that queue’s worker, and none of its activities is scheduled on the main queue', async () => {
  const mainQueue = uniqueTaskQueue('sla-main');
  const slaQueue = `${mainQueue}-sla`;
  const calls: string[] = [];
  const native = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows/complaints/sla-clock'), logger: quiet });
  // The main queue's worker has the activities too: a clock that sent them there would be served.
  const main = await Worker.create({ connection: native, taskQueue: mainQueue, workflowBundle, activities: counted(calls, 'main') });
  const sla = await Worker.create({ connection: native, taskQueue: slaQueue, activities: counted(calls, 'sla'), maxConcurrentActivityTaskExecutions: 2 });
  const running = Promise.all([main.run(), sla.run()]);
  try {
    const id = `cq-${Date.now().toString(36)}`;
    const startedAt = Date.now();
    await complaints(db).create({ _id: id, customerId: 'cust-q', channel: 'email', replyChannel: 'email', replyTo: 'q@example.com', text: 'x', status: 'assigned', receivedAt: new Date(startedAt) });
    await startSlaClock(
      { client: () => Promise.resolve(client), taskQueue: mainQueue, slaActivityQueue: slaQueue },
      { complaintId: id, round: 0, calendar: DUTY_LINE_CALENDAR, clocks: [{ name: 'reply', durationMs: 2000, warnFraction: 0.5 }], startedAt, escalateTo: ['sup-q', 'head-q'], warn: ['agent-q'] },
    );

    const record = await until(async () => {
      const c = await complaints(db).findById(id).lean();
      return (c?.escalations ?? []).length >= 2 && c;
    });
    expect(record.escalations.map((e) => e.kind).sort()).toEqual(['breach', 'warning']);
    expect(record.escalations.find((e) => e.kind === 'breach')?.recipients).toEqual(['sup-q', 'head-q']);

    // Every activity the clock scheduled went to the SLA queue, and only its worker ran them.
    const history = await client.workflow.getHandle(slaWorkflowId(id, 0)).fetchHistory();
    const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes).map((e) => e.activityTaskScheduledEventAttributes!);
    expect(scheduled.length).toBeGreaterThanOrEqual(2);
    expect(new Set(scheduled.map((a) => a.taskQueue?.name))).toEqual(new Set([slaQueue]));
    expect(calls.filter((c) => c.startsWith('main:'))).toEqual([]);
    expect(calls.filter((c) => c === 'sla:raiseSlaEvent')).toHaveLength(2);
  } finally {
    main.shutdown();
    sla.shutdown();
    await running;
    await native.close();
  }
}, 90_000);

test('when TEMPORAL_SLA_TASK_QUEUE is set, then the worker process polls that queue for activities beside the main queue, with SLA_ACTIVITY_SLOTS slots; unset, the SLA activities share the main queue', async () => {
  const base = { NODE_ENV: 'test', MONGODB_URI: uniqueMongoUri('sla-queue-w'), TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE: uniqueTaskQueue('sla-w'), LOG_LEVEL: 'silent' };
  expect(slaTaskQueue(loadConfig(base))).toBeUndefined();
  expect(slaTaskQueue(loadConfig({ ...base, TEMPORAL_SLA_TASK_QUEUE: base.TEMPORAL_TASK_QUEUE }))).toBeUndefined();
  const config = loadConfig({ ...base, TEMPORAL_SLA_TASK_QUEUE: `${base.TEMPORAL_TASK_QUEUE}-escalations`, SLA_ACTIVITY_SLOTS: '3' });
  const worker = await startWorker(config);
  try {
    const pollers = async (name: string) =>
      (
        await connection.workflowService.describeTaskQueue({
          namespace: 'default',
          taskQueue: { name },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
        })
      ).pollers ?? [];
    for (const queue of [`${base.TEMPORAL_TASK_QUEUE}-escalations`, config.TEMPORAL_TASK_QUEUE]) {
      const seen = await until(async () => {
        const p = await pollers(queue);
        return p.length > 0 && p;
      });
      expect(seen[0].identity).toBeTruthy();
    }
    expect(worker.slaWorker?.options.taskQueue).toBe(`${base.TEMPORAL_TASK_QUEUE}-escalations`);
    expect(worker.slaWorker?.options.tuner.activityTaskSlotSupplier).toEqual({ type: 'fixed-size', numSlots: 3 });
  } finally {
    await worker.stop();
  }
}, 120_000);
