/**
 * The worker process: bundles the workflows, wires activities to their dependencies (MongoDB, the
 * service-task handler registry, channels) and polls the task queue until SIGINT/SIGTERM, when it
 * stops taking new tasks, lets running activities finish and exits.
 */
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import type { Connection as MongoConnection } from 'mongoose';
import { createActivities } from '../activities';
import { complaintWorkerSetup } from '../activities/complaints/worker-setup';
import { createHandlerRegistry } from '../activities/engine/handlers/builtins';
import { loadConfigOrExit, type Config } from '../config';
import { connectMongo } from '../store/connection';
import { migrateCaseRecordKeys } from '../store/engine/case-record';

export interface RunningWorker {
  worker: Worker;
  stop(): Promise<void>;
  /** Resolves when the worker has shut down. */
  done: Promise<void>;
}

/** Starts a worker for `config`; the returned handle stops it cleanly. */
export async function startWorker(config: Config): Promise<RunningWorker> {
  const db: MongoConnection = await connectMongo(config.MONGODB_URI, { appName: 'touchpoint-worker' });
  const moved = await migrateCaseRecordKeys(db);
  if (moved > 0) console.log(`[worker] ${moved} case record(s) re-keyed by case id`);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const complaints = complaintWorkerSetup(db, config);
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities({ db, handlers: complaints.register(createHandlerRegistry()), complaintChannels: complaints.channels }),
    shutdownGraceTime: `${config.SHUTDOWN_GRACE_MS} ms`,
  });
  await complaints.ensureSchedules().catch((err: unknown) => console.warn('[worker] monthly complaint summary schedule not created:', err instanceof Error ? err.message : err));
  const done = worker.run().finally(async () => {
    await complaints.close();
    await connection.close();
    await db.close();
  });
  return {
    worker,
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  Runtime.install({
    logger: new DefaultLogger(config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN'),
    shutdownSignals: ['SIGINT', 'SIGTERM'],
  });
  const running = await startWorker(config);
  console.log(`[worker] polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`);
  await running.done;
  console.log('[worker] stopped');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('[worker] failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
