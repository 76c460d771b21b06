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
import { loadConfigOrExit, slaTaskQueue, type Config } from '../config';
import { connectMongo } from '../store/connection';
import { migrateCaseRecordKeys } from '../store/engine/case-record';

export interface RunningWorker {
  /** The worker of the task queue: workflows and their activities. */
  worker: Worker;
  /** The worker of the SLA clocks' activities, with slots of its own, when TEMPORAL_SLA_TASK_QUEUE is set. */
  slaWorker?: Worker;
  stop(): Promise<void>;
  /** Resolves when the worker has shut down. */
  done: Promise<void>;
}

/** How long the worker waits for Temporal to serve its namespace at start before it gives up. */
const TEMPORAL_WAIT_MS = 120_000;

/** Runs `attempt` until it succeeds, retrying with backoff for up to {@link TEMPORAL_WAIT_MS}. */
async function untilTemporalServes<T>(address: string, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + TEMPORAL_WAIT_MS;
  for (let delay = 500; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() + delay > deadline) throw err;
      console.warn(
        `[worker] Temporal at ${address} not ready (${err instanceof Error ? err.message : String(err)}); retrying in ${delay} ms`,
      );
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** Starts a worker for `config`; the returned handle stops it cleanly. */
export async function startWorker(config: Config): Promise<RunningWorker> {
  const db: MongoConnection = await connectMongo(config.MONGODB_URI, { appName: 'touchpoint-worker' });
  const moved = await migrateCaseRecordKeys(db);
  if (moved > 0) console.log(`[worker] ${moved} case record(s) re-keyed by case id`);
  const complaints = complaintWorkerSetup(db, config);
  const activities = createActivities({
    db,
    handlers: complaints.register(createHandlerRegistry()),
    complaintChannels: complaints.channels,
  });
  // A Temporal server that has just (re)started accepts connections before it serves its namespace
  // (its history shards are taken over once the old membership expires): wait for it rather than exit.
  const { connection, worker, slaWorker } = await untilTemporalServes(config.TEMPORAL_ADDRESS, async () => {
    const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    try {
      const worker = await Worker.create({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowsPath: require.resolve('../workflows'),
        activities,
        shutdownGraceTime: `${config.SHUTDOWN_GRACE_MS} ms`,
      });
      // With TEMPORAL_SLA_TASK_QUEUE: SLA escalations and clock writes on their own queue and slots,
      // so a wave of breaches waits there instead of taking the slots handling needs.
      const slaQueue = slaTaskQueue(config);
      const slaWorker = slaQueue
        ? await Worker.create({
            connection,
            namespace: config.TEMPORAL_NAMESPACE,
            taskQueue: slaQueue,
            activities,
            maxConcurrentActivityTaskExecutions: config.SLA_ACTIVITY_SLOTS,
            shutdownGraceTime: `${config.SHUTDOWN_GRACE_MS} ms`,
          })
        : undefined;
      return { connection, worker, slaWorker };
    } catch (err) {
      await connection.close().catch(() => undefined);
      throw err;
    }
  });
  await complaints
    .ensureSchedules()
    .catch((err: unknown) =>
      console.warn(
        '[worker] monthly complaint summary schedule not created:',
        err instanceof Error ? err.message : err,
      ),
    );
  const workers = slaWorker ? [worker, slaWorker] : [worker];
  const shutdownAll = (): void => {
    for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
  };
  // Either worker failing stops the other, so the process never runs half a worker.
  const runs = workers.map((w) =>
    w.run().catch((err: unknown) => {
      shutdownAll();
      throw err;
    }),
  );
  const done = Promise.allSettled(runs).then(async (results) => {
    await complaints.close();
    await connection.close();
    await db.close();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
  return {
    worker,
    slaWorker,
    done,
    async stop() {
      shutdownAll();
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
  const sla = slaTaskQueue(config);
  console.log(`[worker] polling task queue "${config.TEMPORAL_TASK_QUEUE}"${sla ? ` and "${sla}" (SLA activities)` : ''} on ${config.TEMPORAL_ADDRESS}`);
  await running.done;
  console.log('[worker] stopped');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('[worker] failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
