/**
 * A worker in a process of its own, for the test that kills a worker mid-plan (plan-restart.test.ts).
 * Reads TEMPORAL_ADDRESS, MONGODB_URI, TASK_QUEUE, BUNDLE_PATH and LATENCY_MS; prints "ready" when polling.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createSimulatedChannel } from '../../activities/campaign/simulated-channel';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import { connectMongo } from '../../store/connection';

async function main(): Promise<void> {
  const env = (k: string): string => {
    const v = process.env[k];
    if (!v) throw new Error(`${k} is required`);
    return v;
  };
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const db = await connectMongo(env('MONGODB_URI'));
  const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    taskQueue: env('TASK_QUEUE'),
    workflowBundle: { codePath: env('BUNDLE_PATH') },
    activities: createActivities({
      db,
      handlers: createHandlerRegistry(),
      channels: createSimulatedChannel(db, { latencyMs: Number(process.env.LATENCY_MS ?? 0) }),
    }),
  });
  const running = worker.run();
  console.log('ready');
  await running;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
