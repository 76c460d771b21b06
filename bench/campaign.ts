/**
 * npm run bench:campaign — one plan fanned out over N customers with simulated channel outcomes
 * (most completed, some refused, some unreachable and retried) and, side by side with it (both
 * started together, so both meet the same load; `--sequential`: one after the other), the same
 * fan-out with the minimal hand-written child (one attempt, no windows) for the ratio: the contacts
 * each had finished when the first plan ended. Prints contacts/s, attempts/s,
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
import { cancelPlanUpdate, contactWorkflowId, PLAN_WORKFLOW, planProgressQuery, planWorkflowId, type PlanInput, type PlanResult } from '../workflows/plan/messages';
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
/** Side by side only: after this many seconds cancel the plans and report how far they got (0: no limit). */
const MAX_SECONDS = (() => {
  const i = process.argv.indexOf('--max-seconds');
  const v = Number((i >= 0 ? process.argv[i + 1] : process.env.BENCH_MAX_SECONDS) ?? 0);
  if (!Number.isInteger(v) || v < 0) throw new Error(`--max-seconds must be a whole number, got ${v}`);
  return v;
})();
/** Run the two plans one after the other (the old way) instead of side by side. */
const SEQUENTIAL = process.argv.includes('--sequential') || process.env.BENCH_SEQUENTIAL === '1';
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

  /** Stores the plan's targets and returns what starting it needs. */
  const prepare = async (label: string, customers: number, contactWorkflowType?: string) => {
    const planId = `bench-${label}-${customers}-${stamp}`;
    const s0 = performance.now();
    await storeTargets(db, planId, Array.from({ length: customers }, (_, i) => ({ customerId: `b-${i}` })));
    const storeSeconds = (performance.now() - s0) / 1000;
    const input: PlanInput = {
      planId,
      strategy,
      concurrency: CONCURRENCY,
      pageSize: 500,
      ...(ATTEMPTS === 'local' ? { localAttempts: true } : {}),
      ...(contactWorkflowType ? { contactWorkflowType } : {}),
    };
    return { label, customers, planId, input, storeSeconds };
  };
  type Prepared = Awaited<ReturnType<typeof prepare>>;
  const start = (p: Prepared) => client.workflow.start(PLAN_WORKFLOW, { taskQueue, workflowId: planWorkflowId(p.planId), args: [p.input] });
  const done = async (p: Prepared): Promise<number> => {
    try {
      return (await client.workflow.getHandle(planWorkflowId(p.planId)).query(planProgressQuery)).done;
    } catch {
      return 0; // Between runs (continue-as-new) the query may find no open run.
    }
  };

  /** Figures of one finished plan; `cpuMs` is CPU ms per contact over the interval that measured it. */
  const figuresOf = async (p: Prepared, seconds: number, result: PlanResult, cpuMs: Record<keyof ReturnType<typeof cpu>, number>, contacts = p.customers) => {
    const attempts = await attemptModel(db).countDocuments({ planId: p.planId });
    // Every run of the plan (continue-as-new) and a sample of contact workflows.
    let largestPlanRun = 0;
    for await (const w of client.workflow.list({ query: `WorkflowId = '${planWorkflowId(p.planId)}'` })) {
      largestPlanRun = Math.max(largestPlanRun, await historyLength(w.workflowId, w.runId));
    }
    let largestContact = 0;
    for (const i of [0, 1, 2, 3, 20, 21, 40, p.customers - 1].filter((x) => x < p.customers)) {
      try {
        largestContact = Math.max(largestContact, await historyLength(contactWorkflowId(p.planId, `b-${i}`)));
      } catch {
        // Never started (the run was stopped at --max-seconds).
      }
    }
    const figures = {
      customers: p.customers,
      concurrency: CONCURRENCY,
      seconds: +seconds.toFixed(1),
      /** Contacts ended (all of them unless the run was stopped at --max-seconds). */
      contacts,
      status: result.status,
      contactsPerSecond: +(contacts / seconds).toFixed(1),
      attempts,
      attemptsPerSecond: +(attempts / seconds).toFixed(1),
      reached: result.reached,
      unreachable: result.unreachable,
      failed: result.failed,
      planRuns: result.runs,
      largestPlanRunEvents: largestPlanRun,
      largestContactEvents: largestContact,
      targetStoreSeconds: +p.storeSeconds.toFixed(1),
      /** CPU ms per contact: this process, the Temporal server, FerretDB (side by side: over both plans' contacts). */
      cpuMsPerContact: cpuMs,
      loadAverage: +os.loadavg()[0].toFixed(1),
    };
    console.log(`${p.label.padEnd(12)} ${String(p.customers).padStart(6)}: ${figures.contactsPerSecond} contacts/s, ${figures.attemptsPerSecond} attempts/s, ${seconds.toFixed(1)} s, ${result.runs} plan runs, largest plan run ${largestPlanRun} events, largest contact ${largestContact} events; CPU ms/contact worker ${cpuMs.worker}, temporal ${cpuMs.temporal}, ferretdb ${cpuMs.ferretdb}; load ${figures.loadAverage}`);
    return figures;
  };
  const cpuPerContact = (c0: ReturnType<typeof cpu>, c1: ReturnType<typeof cpu>, contacts: number) => ({
    worker: +(((c1.worker - c0.worker) / contacts) * 1000).toFixed(1),
    temporal: +(((c1.temporal - c0.temporal) / contacts) * 1000).toFixed(1),
    ferretdb: +(((c1.ferretdb - c0.ferretdb) / contacts) * 1000).toFixed(1),
  });

  /** One plan after the other; the ratio is of their whole-run rates (each half meets its own load). */
  const sequential = async (n: number) => {
    const out = [];
    for (const p of [await prepare('contact-flow', n), await prepare('minimal', n, 'minimalContact')]) {
      const c0 = cpu();
      const t0 = performance.now();
      const result: PlanResult = await (await start(p)).result();
      const seconds = (performance.now() - t0) / 1000;
      out.push(await figuresOf(p, seconds, result, cpuPerContact(c0, cpu(), n)));
    }
    const [contactFlow, minimalChild] = out;
    return { contactFlow, minimalChild, ratio: +(contactFlow.contactsPerSecond / minimalChild.contactsPerSecond).toFixed(2) };
  };

  /**
   * Both plans at once on the same worker and servers, each under its own concurrency limit, so
   * both meet the same load at every moment (the shared machine's load swings by minutes). The
   * ratio is of the contacts each had finished when the first plan ended; each plan's own rate is
   * over its whole run (the later one runs alone at the end).
   */
  const sideBySide = async (n: number) => {
    const flow = await prepare('contact-flow', n);
    const minimal = await prepare('minimal', n, 'minimalContact');
    const c0 = cpu();
    const t0 = performance.now();
    const handles = [await start(flow), await start(minimal)];
    const ends: { seconds: number; result: PlanResult; contacts: number }[] = [];
    let atFirstEnd: { seconds: number; flowDone: number; minimalDone: number; stopped?: true } | undefined;
    const stoppedDone: { seconds: number; done: number[] }[] = [];
    // At --max-seconds: note how far each plan got, then cancel what still runs.
    const stopper =
      MAX_SECONDS > 0
        ? setTimeout(() => {
            void (async () => {
              const [f, m] = [ends[0] ? n : await done(flow), ends[1] ? n : await done(minimal)];
              const seconds = (performance.now() - t0) / 1000;
              console.log(`  stopped at ${seconds.toFixed(0)} s (--max-seconds): contact-flow ${f}/${n}, minimal ${m}/${n}`);
              atFirstEnd ??= { seconds, flowDone: f, minimalDone: m, stopped: true };
              stoppedDone.push({ seconds, done: [f, m] });
              const open = handles.filter((_, i) => !ends[i]);
              await Promise.allSettled(open.map((h) => h.executeUpdate(cancelPlanUpdate, { args: [{ actor: 'bench', reason: '--max-seconds' }] })));
            })();
          }, MAX_SECONDS * 1000)
        : undefined;

    const progress = setInterval(() => {
      void Promise.all([done(flow), done(minimal)]).then(([f, m]) =>
        console.log(
          `  ${((performance.now() - t0) / 1000).toFixed(0)} s: contact-flow ${f}/${n}, minimal ${m}/${n}, load ${os.loadavg()[0].toFixed(1)}, RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB (peak ${(peakRss / 1048576).toFixed(0)})`,
        ),
      );
    }, 60_000);
    await Promise.all(
      handles.map(async (h, i) => {
        const result: PlanResult = await h.result();
        const stop = stoppedDone[0];
        ends[i] = stop && result.status === 'cancelled' ? { seconds: stop.seconds, result, contacts: stop.done[i] } : { seconds: (performance.now() - t0) / 1000, result, contacts: n };
        if (!atFirstEnd) {
          const seconds = ends[i].seconds;
          const [f, m] = i === 0 ? [n, await done(minimal)] : [await done(flow), n];
          atFirstEnd = { seconds, flowDone: f, minimalDone: m };
        }
      }),
    );
    clearInterval(progress);
    if (stopper) clearTimeout(stopper);
    // Per contact that ended (a cancelled plan counts its never-started targets done, too).
    const cpuMs = cpuPerContact(c0, cpu(), Math.max(1, ends[0].contacts + ends[1].contacts));
    const contactFlow = await figuresOf(flow, ends[0].seconds, ends[0].result, cpuMs, ends[0].contacts);
    const minimalChild = await figuresOf(minimal, ends[1].seconds, ends[1].result, cpuMs, ends[1].contacts);
    const first = atFirstEnd ?? { seconds: 0, flowDone: 0, minimalDone: 1 };
    console.log(`  when the first plan ${first.stopped ? 'was stopped' : 'ended'} (${first.seconds.toFixed(1)} s): contact-flow ${first.flowDone}, minimal ${first.minimalDone} contacts done`);
    return { contactFlow, minimalChild, ratio: +(first.flowDone / Math.max(1, first.minimalDone)).toFixed(2), atFirstEnd: first };
  };

  const sizes: ({ customers: number } & Awaited<ReturnType<typeof sequential>> & { atFirstEnd?: { seconds: number; flowDone: number; minimalDone: number; stopped?: true } })[] = [];
  for (const n of SIZES) sizes.push({ customers: n, ...(SEQUENTIAL ? await sequential(n) : await sideBySide(n)) });
  const { contactFlow: plan, minimalChild: minimal } = sizes[sizes.length - 1];
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  worker.shutdown();
  await running;
  await native.close();
  await connection.close();
  await db.dropDatabase();
  await db.close();

  const ratio = sizes[sizes.length - 1].ratio;
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
      mode: SEQUENTIAL ? 'sequential' : 'side-by-side',
      sizes: sizes.map((s) => ({ customers: s.customers, contactFlowPerSecond: s.contactFlow.contactsPerSecond, minimalPerSecond: s.minimalChild.contactsPerSecond, ratio: s.ratio, ...(s.atFirstEnd ? { atFirstEnd: s.atFirstEnd } : {}) })),
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
