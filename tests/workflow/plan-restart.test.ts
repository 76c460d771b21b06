/**
 * A worker process killed (SIGKILL) mid-plan and a new one started: the plan finishes, and the
 * ledger and the simulated gateway show every customer served, none twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Connection as MongoConnection } from 'mongoose';
import { simulatedDeliveryModel } from '../../activities/campaign/simulated-channel';
import { attemptModel } from '../../store/campaign/ledger';
import { storeTargets } from '../../store/campaign/targets';
import { connectMongo } from '../../store/connection';
import { PLAN_WORKFLOW, planProgressQuery, planWorkflowId, type PlanInput, type PlanResult } from '../../workflows/plan/messages';
import { TEMPORAL_ADDRESS, uniqueMongoUri, uniqueTaskQueue } from '../support/servers';
import { anyTime, workflowBundle } from './plan-harness';

let db: MongoConnection;
let mongoUri: string;
let connection: Connection;
let client: Client;
let tmp: string;
let bundlePath: string;
const procs: ChildProcess[] = [];

beforeAll(async () => {
  mongoUri = uniqueMongoUri('wf-restart');
  db = await connectMongo(mongoUri);
  connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  client = new Client({ connection });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'plan-restart-'));
  bundlePath = path.join(tmp, 'workflows.js');
  writeFileSync(bundlePath, (await workflowBundle()).code);
}, 120_000);

afterAll(async () => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  await db?.dropDatabase().catch(() => undefined);
  await db?.close();
  await connection?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Starts a worker process and resolves when it polls. */
function startWorkerProcess(taskQueue: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'plan-worker-process.ts')], {
    env: { ...process.env, TEMPORAL_ADDRESS, MONGODB_URI: mongoUri, TASK_QUEUE: taskQueue, BUNDLE_PATH: bundlePath, LATENCY_MS: '150' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  procs.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker process exited (${code}): ${err.slice(-2000)}`)));
  });
}

it('when the worker process is killed mid-plan and another starts, then no contact is lost and none is made twice', async () => {
  const taskQueue = uniqueTaskQueue('wf-restart');
  const customers = Array.from({ length: 36 }, (_, i) => {
    const n = String(i).padStart(2, '0');
    return i % 6 === 0 ? `k-unreachable-${n}` : i % 6 === 1 ? `k-late2-${n}` : `k-ok-${n}`;
  });
  const planId = `restart-${Date.now().toString(36)}`;
  await storeTargets(db, planId, customers.map((customerId) => ({ customerId })));
  const first = await startWorkerProcess(taskQueue);
  const input: PlanInput = { planId, strategy: anyTime({ maxAttempts: 2, retrySpacingMs: 300 }), concurrency: 4, pageSize: 10, contactsPerRun: 15 };
  const handle = await client.workflow.start(PLAN_WORKFLOW, { taskQueue, workflowId: planWorkflowId(planId), args: [input] });

  for (let i = 0; i < 300; i++) {
    if ((await handle.query(planProgressQuery)).done >= 8) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const before = await handle.query(planProgressQuery);
  expect(before.done).toBeGreaterThanOrEqual(8);
  expect(before.done).toBeLessThan(36);
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  await startWorkerProcess(taskQueue);

  const result: PlanResult = await handle.result();
  expect(result).toMatchObject({ status: 'finished', targets: 36, done: 36, reached: 30, unreachable: 6, failed: 0 });

  const ledger = await attemptModel(db).find({ planId }).lean();
  const attemptsOf = new Map<string, number[]>();
  for (const r of ledger) attemptsOf.set(r.customerId, [...(attemptsOf.get(r.customerId) ?? []), r.attemptNo]);
  // Every customer is in the ledger with exactly the attempts its outcome calls for, numbered 1..n once each.
  expect([...attemptsOf.keys()].sort()).toEqual([...customers].sort());
  for (const id of customers) {
    const expected = id.includes('unreachable') || id.includes('late2') ? [1, 2] : [1];
    expect({ id, attempts: [...(attemptsOf.get(id) ?? [])].sort() }).toEqual({ id, attempts: expected });
  }
  // The gateway delivered exactly the ledger's attempts: nothing sent that the ledger lacks, nothing twice.
  const deliveries = await simulatedDeliveryModel(db).find({ planId }).lean();
  expect(deliveries.map((d) => d._id).sort()).toEqual(ledger.map((r) => r._id).sort());
}, 180_000);
