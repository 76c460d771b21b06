/**
 * npm run bench:campaign — one plan fanned out over N customers with simulated channel outcomes
 * (most completed, some refused, some unreachable and retried), then the same fan-out with the
 * minimal hand-written child (one attempt, no windows) for the ratio. Prints contacts/s, attempts/s,
 * the worker's peak RSS (this process hosts worker and client), the largest history of any plan run
 * and of sampled contact workflows. The last line is one JSON object.
 *
 *   npm run bench:campaign                      # 500 customers (a few minutes on 2 loaded cores)
 *   npm run bench:campaign -- --customers 100000 --concurrency 200
 *   npm run bench:campaign -- --sizes 1000,2000 --attempts local   # several sizes in one run; attempts as local activities
 *
 * Where the time goes: for each run the CPU seconds of this process (worker and client), of the
 * Temporal server and of FerretDB are read from /proc (the shared servers also serve others, so
 * their figures are an upper bound on this run's share).
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createSimulatedChannel, type OutcomeRule } from '../activities/campaign/simulated-channel';
import { createHandlerRegistry } from '../activities/engine/handlers/builtins';
import type { ContactStrategy } from '../core/strategy';
import { attemptModel } from '../store/campaign/ledger';
import { storeTargets } from '../store/campaign/targets';
import { connectMongo } from '../store/connection';
import { contactWorkflowId, PLAN_WORKFLOW, planWorkflowId, type PlanInput, type PlanResult } from '../workflows/plan/messages';
import { TEMPORAL_ADDRESS, uniqueMongoUri, uniqueTaskQueue } from '../tests/support/servers';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : process.env[`BENCH_${name.toUpperCase()}`];
  const n = Number(v ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, got ${v}`);
  return n;
}

const CUSTOMERS = flag('customers', 500);
const CONCURRENCY = flag('concurrency', 100);
const SIZES = (() => {
  const i = process.argv.indexOf('--sizes');
  const v = i >= 0 ? process.argv[i + 1] : process.env.BENCH_SIZES;
  if (!v) return [CUSTOMERS];
  const sizes = v.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes must list positive whole numbers, got ${v}`);
  return sizes;
})();
const ATTEMPTS = (() => {
  const i = process.argv.indexOf('--attempts');
  const v = (i >= 0 ? process.argv[i + 1] : process.env.BENCH_ATTEMPTS) ?? 'activity';
  if (v !== 'activity' && v !== 'local') throw new Error(`--attempts must be activity or local, got ${v}`);
  return v;
})();

const TICKS = 100; // USER_HZ on Linux
/** CPU seconds (user + system) of the processes whose command name starts with `name`. */
function cpuSeconds(pred: (comm: string) => boolean): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!pred(readFileSync(`/proc/${pid}/comm`, 'utf8').trim())) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while being read.
    }
  }
  return ticks / TICKS;
}
const cpu = () => ({
  worker: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
  temporal: cpuSeconds((c) => c.startsWith('temporal')),
  ferretdb: cpuSeconds((c) => c.startsWith('ferretdb')),
});

/** 90 % completed, 5 % refused, 5 % unreachable on every attempt (decided by the customer number). */
const rule: OutcomeRule = (req) => {
  const n = Number(/(\d+)$/.exec(req.customerId)?.[1] ?? 0) % 20;
  if (n === 0) return { outcome: 'unreachable', resultCode: 'no-answer' };
  if (n === 1) return { outcome: 'refused', resultCode: 'declined' };
  return { outcome: 'completed', resultCode: 'ok', needsMet: true };
};

const strategy: ContactStrategy = {
  id: 'bench',
  name: 'Benchmark, any time',
  channels: ['phone', 'sms'],
  timeZone: 'UTC',
  windows: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], hours: [{ start: '00:00', end: '24:00' }] }],
  requiredSkills: [],
  maxAttempts: 2,
  retrySpacingMs: 0,
};

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const noop = (): void => undefined;
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop } });
  const db = await connectMongo(uniqueMongoUri('bench-campaign'));
  const taskQueue = uniqueTaskQueue('bench-campaign');
  const native = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowBundle,
    activities: createActivities({ db, handlers: createHandlerRegistry(), channels: createSimulatedChannel(db, { rule }) }),
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentActivityTaskExecutions: 200,
    maxCachedWorkflows: Math.max(500, CONCURRENCY * 3),
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  const client = new Client({ connection });
  const stamp = Date.now().toString(36);

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);

  const historyLength = async (workflowId: string, runId?: string): Promise<number> =>
    (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events?.length ?? 0;

  const run = async (label: string, CUSTOMERS: number, contactWorkflowType?: string) => {
    const planId = `bench-${label}-${CUSTOMERS}-${stamp}`;
    const s0 = performance.now();
    await storeTargets(db, planId, Array.from({ length: CUSTOMERS }, (_, i) => ({ customerId: `b-${i}` })));
    const storeSeconds = (performance.now() - s0) / 1000;
    const input: PlanInput = {
      planId,
      strategy,
      concurrency: CONCURRENCY,
      pageSize: 500,
      ...(ATTEMPTS === 'local' ? { localAttempts: true } : {}),
      ...(contactWorkflowType ? { contactWorkflowType } : {}),
    };
    const c0 = cpu();
    const t0 = performance.now();
    const result: PlanResult = await client.workflow.execute(PLAN_WORKFLOW, { taskQueue, workflowId: planWorkflowId(planId), args: [input] });
    const seconds = (performance.now() - t0) / 1000;
    const c1 = cpu();
    const cpuPerContactMs = (k: keyof typeof c0) => +(((c1[k] - c0[k]) / CUSTOMERS) * 1000).toFixed(1);
    const attempts = await attemptModel(db).countDocuments({ planId });
    // Every run of the plan (continue-as-new) and a sample of contact workflows.
    let largestPlanRun = 0;
    for await (const w of client.workflow.list({ query: `WorkflowId = '${planWorkflowId(planId)}'` })) {
      largestPlanRun = Math.max(largestPlanRun, await historyLength(w.workflowId, w.runId));
    }
    let largestContact = 0;
    for (const i of [0, 1, 2, 3, 20, 21, 40, CUSTOMERS - 1].filter((x) => x < CUSTOMERS)) {
      largestContact = Math.max(largestContact, await historyLength(contactWorkflowId(planId, `b-${i}`)));
    }
    const figures = {
      customers: CUSTOMERS,
      concurrency: CONCURRENCY,
      seconds: +seconds.toFixed(1),
      contactsPerSecond: +(CUSTOMERS / seconds).toFixed(1),
      attempts,
      attemptsPerSecond: +(attempts / seconds).toFixed(1),
      reached: result.reached,
      unreachable: result.unreachable,
      failed: result.failed,
      planRuns: result.runs,
      largestPlanRunEvents: largestPlanRun,
      largestContactEvents: largestContact,
      targetStoreSeconds: +storeSeconds.toFixed(1),
      /** CPU ms per contact: this process, the Temporal server, FerretDB. */
      cpuMsPerContact: { worker: cpuPerContactMs('worker'), temporal: cpuPerContactMs('temporal'), ferretdb: cpuPerContactMs('ferretdb') },
      loadAverage: +os.loadavg()[0].toFixed(1),
    };
    console.log(`${label.padEnd(12)} ${String(CUSTOMERS).padStart(6)}: ${figures.contactsPerSecond} contacts/s, ${figures.attemptsPerSecond} attempts/s, ${seconds.toFixed(1)} s, ${result.runs} plan runs, largest plan run ${largestPlanRun} events, largest contact ${largestContact} events; CPU ms/contact worker ${figures.cpuMsPerContact.worker}, temporal ${figures.cpuMsPerContact.temporal}, ferretdb ${figures.cpuMsPerContact.ferretdb}; load ${figures.loadAverage}`);
    return figures;
  };

  const sizes: { customers: number; contactFlow: Awaited<ReturnType<typeof run>>; minimalChild: Awaited<ReturnType<typeof run>>; ratio: number }[] = [];
  for (const n of SIZES) {
    const contactFlow = await run('contact-flow', n);
    const minimalChild = await run('minimal', n, 'minimalContact');
    sizes.push({ customers: n, contactFlow, minimalChild, ratio: +(contactFlow.contactsPerSecond / minimalChild.contactsPerSecond).toFixed(2) });
  }
  const { contactFlow: plan, minimalChild: minimal } = sizes[sizes.length - 1];
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  worker.shutdown();
  await running;
  await native.close();
  await connection.close();
  await db.dropDatabase();
  await db.close();

  const ratio = +(plan.contactsPerSecond / minimal.contactsPerSecond).toFixed(2);
  const largestHistory = Math.max(
    ...sizes.flatMap((s) => [s.contactFlow.largestPlanRunEvents, s.contactFlow.largestContactEvents, s.minimalChild.largestPlanRunEvents, s.minimalChild.largestContactEvents]),
  );
  const peakRssMiB = +(peakRss / 1024 / 1024).toFixed(0);
  console.log(`ratio contact-flow / minimal child: ${ratio} (goal ≥ 0.7); largest history ${largestHistory} events (goal ≤ 10,000); peak RSS ${peakRssMiB} MiB (goal < 1024)`);
  console.log(
    JSON.stringify({
      bench: 'campaign',
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
      attempts: ATTEMPTS,
      sizes: sizes.map((s) => ({ customers: s.customers, contactFlowPerSecond: s.contactFlow.contactsPerSecond, minimalPerSecond: s.minimalChild.contactsPerSecond, ratio: s.ratio })),
      contactFlow: plan,
      minimalChild: minimal,
      throughputRatio: ratio,
      largestHistoryEvents: largestHistory,
      workerPeakRssMiB: peakRssMiB,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
