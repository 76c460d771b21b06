/**
 * A real stack for complaint tests: one Temporal worker (dev server) running every workflow, the
 * engine and complaint activities on a fresh FerretDB database, complaint handlers registered,
 * simulator channels the test can break, and seeded departments, agents and customers.
 */
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Connection as MongoConnection } from 'mongoose';
import { createActivities } from '../../activities';
import { simulatorChannels, type SimulatorAdapter } from '../../activities/channels/simulator';
import type { ChannelName } from '../../activities/channels/types';
import { registerComplaintHandlers } from '../../activities/complaints/handlers';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import { compileBpmn, type CompiledProcess } from '../../core/bpmn';
import { DEFAULT_POLICY, type ComplaintPolicy } from '../../core/complaints';
import { connectMongo } from '../../store/connection';
import { complaints, departments, type ComplaintDoc } from '../../store/complaints';
import { customers } from '../../store/contacts';
import { users } from '../../store/users';
import { PROCESS_WORKFLOW, stateQuery, type CaseState, type ProcessInput } from '../../workflows/process/messages';
import { TEMPORAL_ADDRESS, uniqueMongoUri, uniqueTaskQueue } from '../support/servers';

export const COMPLAINT_BPMN = path.resolve(__dirname, '../../processes/complaint-handling.bpmn');

export interface ComplaintStack {
  client: Client;
  db: MongoConnection;
  sims: Record<ChannelName, SimulatorAdapter>;
  taskQueue: string;
  graph: CompiledProcess;
  start(vars: Record<string, unknown>, caseId?: string): Promise<WorkflowHandle>;
  waitFor(h: WorkflowHandle, pred: (s: CaseState) => boolean, timeoutMs?: number): Promise<CaseState>;
  waitForRecord(id: string, pred: (c: ComplaintDoc) => boolean, timeoutMs?: number): Promise<ComplaintDoc>;
  close(): Promise<void>;
}

let counter = 0;

export async function createComplaintStack(prefix: string, policy: ComplaintPolicy = DEFAULT_POLICY): Promise<ComplaintStack> {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // installed already in this jest worker
  }
  const compiled = await compileBpmn(readFileSync(COMPLAINT_BPMN, 'utf8'));
  if (!compiled.main) throw new Error('complaint BPMN has no executable process');
  const graph = compiled.main;
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quiet });
  const db = await connectMongo(uniqueMongoUri(prefix));
  const taskQueue = uniqueTaskQueue(prefix);
  const connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  const client = new Client({ connection });
  const sims = simulatorChannels();
  const handlers = registerComplaintHandlers(createHandlerRegistry(), { db, channels: sims, temporal: { client: () => Promise.resolve(client), taskQueue }, policy });
  const native = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const worker = await Worker.create({ connection: native, taskQueue, workflowBundle, activities: createActivities({ db, handlers, complaintChannels: sims }) });
  const running = worker.run();

  await departments(db).create([
    { _id: 'billing', name: 'Billing', supervisor: 'sup-billing', head: 'head-billing', skills: ['billing'] },
    { _id: 'customer-service', name: 'Customer service', supervisor: 'sup-cs', head: 'head-cs', skills: [] },
    { _id: 'security-desk', name: 'Security desk', supervisor: 'sup-sec', head: 'head-sec', skills: [] },
  ]);
  const agent = (id: string, department: string, skills: string[]) => ({
    _id: id,
    username: id,
    passwordHash: 'x',
    roles: ['agent'],
    department,
    groups: [],
    skills,
    languages: ['zh'],
    disabled: false,
  });
  await users(db).create([agent('li', 'billing', ['billing']), agent('zhang', 'billing', ['billing']), agent('novice', 'billing', []), agent('wu', 'customer-service', [])]);
  await customers(db).create({ _id: 'cust-1', name: 'Wang Fang', phones: ['+8613800000001'], emails: ['wang@example.com'], consent: { sms: true, email: true, voice: true, marketing: false } });
  await customers(db).create({ _id: 'cust-2', name: 'Chen Jie', phones: ['+8613800000002'], emails: ['chen@example.com'], consent: { sms: true, email: true, voice: true, marketing: false } });

  const start = (vars: Record<string, unknown>, caseId?: string): Promise<WorkflowHandle> => {
    counter += 1;
    const id = caseId ?? `${prefix}-${Date.now().toString(36)}-${counter}`;
    const input: ProcessInput = { caseId: id, definitionId: 'complaint-handling:1', version: 1, graph, variables: vars, customerId: String(vars.customerId) };
    return client.workflow.start(PROCESS_WORKFLOW, { taskQueue, workflowId: id, args: [input] });
  };
  const waitFor = async (h: WorkflowHandle, pred: (s: CaseState) => boolean, timeoutMs = 45_000): Promise<CaseState> => {
    const until = Date.now() + timeoutMs;
    let last: CaseState | undefined;
    while (Date.now() < until) {
      last = await h.query(stateQuery);
      if (pred(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`condition not reached; last state: ${JSON.stringify({ tokens: last?.tokens, incidents: last?.incidents, status: last?.status })}`);
  };
  const waitForRecord = async (id: string, pred: (c: ComplaintDoc) => boolean, timeoutMs = 45_000): Promise<ComplaintDoc> => {
    const until = Date.now() + timeoutMs;
    let last: ComplaintDoc | null = null;
    while (Date.now() < until) {
      last = await complaints(db).findById(id).lean();
      if (last && pred(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`complaint ${id} never reached the state; last: ${JSON.stringify(last && { status: last.status, slaState: last.slaState, round: last.round })}`);
  };
  return {
    client,
    db,
    sims,
    taskQueue,
    graph,
    start,
    waitFor,
    waitForRecord,
    close: async () => {
      worker.shutdown();
      await running;
      await native.close();
      await connection.close();
      await db.dropDatabase().catch(() => undefined);
      await db.close();
    },
  };
}

const noop = (): void => undefined;
const quiet = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
