/**
 * When the stack is real, a workflow on the Temporal server runs an activity in our worker that
 * writes to and reads from the MongoDB-protocol server, and the result travels back to the client.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Connection as MongoConnection } from 'mongoose';
import { createSmokeActivities } from '../../activities/smoke';
import { connectMongo } from '../../store/connection';
import { smokeWorkflow } from '../../workflows/smoke';
import { TEMPORAL_ADDRESS, uniqueMongoUri, uniqueTaskQueue } from '../support/servers';

let bundle: WorkflowBundleWithSourceMap;
let db: MongoConnection;
let nativeConnection: NativeConnection;
let clientConnection: Connection;

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows/smoke'), logger: quietLogger() });
  db = await connectMongo(uniqueMongoUri('smoke'));
  nativeConnection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  clientConnection = await Connection.connect({ address: TEMPORAL_ADDRESS });
}, 120_000);

afterAll(async () => {
  await clientConnection?.close();
  await nativeConnection?.close();
  await db?.dropDatabase();
  await db?.close();
});

test('when a smoke workflow runs, then the activity round-trips its payload through MongoDB', async () => {
  const taskQueue = uniqueTaskQueue('smoke');
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: createSmokeActivities({ db }),
  });
  const client = new Client({ connection: clientConnection });
  const key = `smoke-${randomUUID()}`;
  const payload = `hello ${randomUUID()}`;

  const result = await worker.runUntil(
    client.workflow.execute(smokeWorkflow, { taskQueue, workflowId: key, args: [{ key, payload }] }),
  );

  expect(result).toEqual({ key, payload, readBack: payload });
  const stored = await db.db!.collection<{ _id: string; payload: string }>('smoke').findOne({ _id: key });
  expect(stored?.payload).toBe(payload);
  const history = await client.workflow.getHandle(key).fetchHistory();
  const activityScheduled = history.events?.filter((e) => e.activityTaskScheduledEventAttributes) ?? [];
  expect(activityScheduled).toHaveLength(1);
});

function quietLogger() {
  const noop = () => undefined;
  return { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };
}
