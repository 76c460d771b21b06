/**
 * Plan-execution test support: a worker on a unique task queue (dev server or a time-skipping
 * environment), activities on a fresh FerretDB database with the simulated channel, helpers to
 * store targets, start plans and read the ledger.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, type NativeConnection, Runtime, Worker, type WorkerOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Connection as MongoConnection } from 'mongoose';
import { createActivities } from '../../activities';
import { createSimulatedChannel, simulatedDeliveryModel, type SimulatedChannelOptions } from '../../activities/campaign/simulated-channel';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import type { ContactStrategy } from '../../core/strategy';
import { attemptModel, type AttemptDoc } from '../../store/campaign/ledger';
import { storeTargets, type TargetInput } from '../../store/campaign/targets';
import { connectMongo } from '../../store/connection';
import { PLAN_WORKFLOW, planProgressQuery, planWorkflowId, type PlanInput, type PlanProgress, type PlanResult } from '../../workflows/plan/messages';
import { uniqueMongoUri, uniqueTaskQueue } from '../support/servers';

export const HOUR = 3_600_000;

/** Contact any day, any hour (for tests that are not about windows). */
export const anyTime = (over: Partial<ContactStrategy> = {}): ContactStrategy => ({
  id: 'any-time',
  name: 'Any time',
  channels: ['phone', 'sms'],
  timeZone: 'UTC',
  windows: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], hours: [{ start: '00:00', end: '24:00' }] }],
  requiredSkills: [],
  maxAttempts: 3,
  retrySpacingMs: 1000,
  ...over,
});

export function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Installed already in this jest worker.
  }
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow bundle, built once per jest worker. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger });
  return bundle;
}

export interface PlanHarness {
  client: Client;
  db: MongoConnection;
  taskQueue: string;
  /** Stores targets for a plan id (unique per call) and returns the id. */
  plan(prefix: string, targets: (string | TargetInput)[]): Promise<string>;
  start(input: Omit<PlanInput, 'planId'> & { planId: string }): Promise<WorkflowHandle>;
  progress(h: WorkflowHandle): Promise<PlanProgress>;
  waitProgress(h: WorkflowHandle, pred: (p: PlanProgress) => boolean, timeoutMs?: number): Promise<PlanProgress>;
  ledger(planId: string): Promise<AttemptDoc[]>;
  /** The simulated gateway's deliveries of the plan. */
  deliveryDocs(planId: string): Promise<{ _id: string; requests: number; customerId: string; attemptNo: number }[]>;
  /** Starts the worker (again), optionally with other slot limits (e.g. one activity slot: a busy channel). */
  startWorker(options?: Partial<WorkerOptions>): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * A harness around `client` and `connection` (from the dev server or a test environment); the
 * worker polls a unique task queue.
 */
export async function createPlanHarness(
  prefix: string,
  temporal: { client: Client; nativeConnection: NativeConnection },
  channel: SimulatedChannelOptions = {},
): Promise<PlanHarness> {
  quietRuntime();
  const db = await connectMongo(uniqueMongoUri(prefix));
  const taskQueue = uniqueTaskQueue(prefix);
  const code = await workflowBundle();
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const startWorker = async (options: Partial<WorkerOptions> = {}): Promise<void> => {
    worker = await Worker.create({
      connection: temporal.nativeConnection,
      taskQueue,
      workflowBundle: code,
      activities: createActivities({ db, handlers: createHandlerRegistry(), channels: createSimulatedChannel(db, channel) }),
      ...options,
    });
    running = worker.run();
  };
  const stopWorker = async (): Promise<void> => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    worker = undefined;
  };
  await startWorker();
  const progress = (h: WorkflowHandle): Promise<PlanProgress> => h.query(planProgressQuery);
  return {
    client: temporal.client,
    db,
    taskQueue,
    async plan(p, targets) {
      counter += 1;
      const planId = `${p}-${Date.now().toString(36)}-${counter}`;
      await storeTargets(db, planId, targets.map((t) => (typeof t === 'string' ? { customerId: t } : t)));
      return planId;
    },
    start: (input) => temporal.client.workflow.start(PLAN_WORKFLOW, { taskQueue, workflowId: planWorkflowId(input.planId), args: [input] }),
    progress,
    async waitProgress(h, pred, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      let last: PlanProgress | undefined;
      while (Date.now() < until) {
        last = await progress(h);
        if (pred(last)) return last;
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error(`progress not reached; last: ${JSON.stringify(last)}`);
    },
    ledger: (planId) => attemptModel(db).find({ planId }).sort({ customerId: 1, attemptNo: 1 }).lean(),
    deliveryDocs: (planId) => simulatedDeliveryModel(db).find({ planId }).lean(),
    startWorker,
    stopWorker,
    async close() {
      await stopWorker();
      await db.dropDatabase().catch(() => undefined);
      await db.close();
    },
  };
}

export type { PlanResult };
const noop = (): void => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
