/**
 * One real Temporal worker per test file: workflows bundled once, activities wired to a fresh
 * FerretDB database, a unique task queue; helpers to start cases and wait for their state.
 */
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Connection as MongoConnection } from 'mongoose';
import { createActivities, type Activities } from '../../../activities';
import { createHandlerRegistry } from '../../../activities/engine/handlers/builtins';
import type { HandlerRegistry } from '../../../activities/engine/handlers/registry';
import type { CompiledProcess } from '../../../core/bpmn/graph';
import { connectMongo } from '../../../store/connection';
import { PROCESS_WORKFLOW, stateQuery, type CaseState, type ProcessInput } from '../../../workflows/process/messages';
import type { ProcessResult } from '../../../workflows/process/result';
import { TEMPORAL_ADDRESS, uniqueMongoUri, uniqueTaskQueue } from '../../support/servers';

export interface Harness {
  client: Client;
  db: MongoConnection;
  handlers: HandlerRegistry;
  taskQueue: string;
  start(graph: CompiledProcess, opts?: Partial<ProcessInput>): Promise<WorkflowHandle>;
  run(graph: CompiledProcess, opts?: Partial<ProcessInput>): Promise<ProcessResult>;
  state(h: WorkflowHandle): Promise<CaseState>;
  waitFor(h: WorkflowHandle, pred: (s: CaseState) => boolean, timeoutMs?: number): Promise<CaseState>;
  close(): Promise<void>;
}

let counter = 0;

export interface HarnessOptions {
  /** Wraps the real activities, e.g. to slow one down (a database under load) and widen a race. */
  activities?: (real: Activities) => Activities;
}

export async function createHarness(prefix: string, opts: HarnessOptions = {}): Promise<Harness> {
  try {
    // Activity failures are expected in these tests (incidents); keep the output readable.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Installed already in this jest worker.
  }
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../../workflows'), logger: quietLogger });
  const db = await connectMongo(uniqueMongoUri(prefix));
  const handlers = createHandlerRegistry();
  const taskQueue = uniqueTaskQueue(prefix);
  const nativeConnection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle, activities: (opts.activities ?? ((a) => a))(createActivities({ db, handlers })) });
  const running = worker.run();
  const connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  const client = new Client({ connection });

  const start = (graph: CompiledProcess, opts: Partial<ProcessInput> = {}): Promise<WorkflowHandle> => {
    counter += 1;
    const caseId = opts.caseId ?? `${prefix}-${Date.now().toString(36)}-${counter}`;
    const input: ProcessInput = { caseId, definitionId: 'def-test', version: 1, graph, ...opts };
    return client.workflow.start(PROCESS_WORKFLOW, { taskQueue, workflowId: caseId, args: [input] });
  };
  const state = (h: WorkflowHandle): Promise<CaseState> => h.query(stateQuery);
  const waitFor = async (h: WorkflowHandle, pred: (s: CaseState) => boolean, timeoutMs = 15000): Promise<CaseState> => {
    const until = Date.now() + timeoutMs;
    let last: CaseState | undefined;
    while (Date.now() < until) {
      last = await state(h);
      if (pred(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`condition not reached; last state: ${JSON.stringify(last, null, 1).slice(0, 2000)}`);
  };
  return {
    client,
    db,
    handlers,
    taskQueue,
    start,
    run: async (graph, opts) => (await start(graph, opts)).result() as Promise<ProcessResult>,
    state,
    waitFor,
    close: async () => {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      await db.dropDatabase().catch(() => undefined);
      await db.close();
    },
  };
}

const noop = (): void => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
