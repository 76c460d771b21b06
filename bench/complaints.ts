/**
 * npm run bench:complaints — complaints from intake to closure on the real stack: the API
 * (POST /complaints over HTTP), the default complaint BPMN on a Temporal worker in this process,
 * FerretDB/MongoDB, simulator channels, and simulated agents (complete the handling task as soon
 * as it appears; a share of them, BENCH_SLOW_SHARE, only after the resolution deadline) and
 * customers (answer the survey). SLA clocks run on a 24-hour duty calendar with short deadlines
 * (BENCH_REPLY_S, BENCH_RESOLVE_S) so that the slow agents' complaints warn and breach during the run.
 *
 * Figures: complaints per second end to end (first intake to last closure), intake latency p50/p99,
 * the largest deviation between an SLA timer's due instant and when it fired. BENCH_COMPLAINTS sets
 * N (default 200, a few minutes here); `--full` runs 10,000; BENCH_RATE paces the intake (complaints/s);
 * `--max-seconds N` stops the run there and reports what was taken in.
 * Timer deviation counts only timers armed before their due instant; timers armed after it (a clock
 * that started late because the worker was behind) are reported apart as backlog. The last line is
 * one JSON object.
 */
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type WorkerInterceptors } from '@temporalio/worker';
import pino from 'pino';
import { createActivities } from '../activities';
import { simulatorChannels } from '../activities/channels/simulator';
import { registerComplaintHandlers } from '../activities/complaints/handlers';
import { createHandlerRegistry } from '../activities/engine/handlers/builtins';
import { createApp } from '../api/app';
import { hashPassword } from '../api/auth/auth.service';
import { loadConfig } from '../config';
import { DEFAULT_POLICY, DUTY_LINE_CALENDAR, type ComplaintPolicy } from '../core/complaints';
import { connectMongo } from '../store/connection';
import { complaints, departments } from '../store/complaints';
import { customers } from '../store/contacts';
import { caseRecordModel } from '../store/engine/case-record';
import { findTasksByIds } from '../store/engine/task';
import { users } from '../store/users';
import { completeTaskUpdate, messageSignal } from '../workflows/process/messages';
import { TEMPORAL_ADDRESS, uniqueMongoUri, uniqueTaskQueue } from '../tests/support/servers';

const N = process.argv.includes('--full') ? 10_000 : Number(process.env.BENCH_COMPLAINTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const AGENTS = 8;
const REPLY_S = Number(process.env.BENCH_REPLY_S ?? 4);
const RESOLVE_S = Number(process.env.BENCH_RESOLVE_S ?? 8);
const SLOW_HOLD_S = Number(process.env.BENCH_SLOW_HOLD_S ?? RESOLVE_S + 5);
/**
 * Activities the worker runs at once. Kept well below the SDK default: every activity here waits on
 * the one SQLite writer behind FerretDB, so a worker that takes on 64 at once lets them queue inside
 * the process past their start-to-close timeouts (10 s for the case flush, 30 s for SLA events); they
 * are retried while the late attempts still run, and the work doubles. Waiting in Temporal's task
 * queue costs no timeout.
 */
const ACTIVITY_SLOTS = Number(process.env.BENCH_ACTIVITY_SLOTS ?? 12);
/**
 * Activity task polls the worker keeps open (the SDK's default is min(10, slots)). Measured at 200
 * complaints: with 10 polls the activities ran 0.44 s on average and only ~4 of 12 slots were busy,
 * yet each waited 20-30 s in the task queue (dispatch ~8/s from the SQLite dev server).
 */
const ACTIVITY_POLLS = Number(process.env.BENCH_ACTIVITY_POLLS ?? ACTIVITY_SLOTS);
/**
 * Slots of an SLA activity queue of its own (escalations, clock writes), as the worker runs it with
 * TEMPORAL_SLA_TASK_QUEUE and SLA_ACTIVITY_SLOTS. 0 (the default, as the worker's default): the
 * clocks' activities share the main queue's slots.
 */
const SLA_SLOTS = Number(process.env.BENCH_SLA_SLOTS ?? 0);
/** How long to wait for the last closure before reporting what closed (default max(600 s, 2 s per complaint)). */
const WAIT_S = Number(process.env.BENCH_WAIT_S ?? 0);
/** Intake pace in complaints per second (0: as fast as the API takes them). */
const RATE = Number(process.env.BENCH_RATE ?? 0);
/**
 * Stop after this many seconds (`--max-seconds N` or BENCH_MAX_SECONDS; 0: no limit): intake ends
 * there and the wait for closures too; the figures cover what was taken in, with `stoppedAtS` set, and
 * the complaints still open are terminated so that their clocks do not fire on into later runs.
 */
const MAX_SECONDS = (() => {
  const i = process.argv.indexOf('--max-seconds');
  const v = Number((i >= 0 ? process.argv[i + 1] : process.env.BENCH_MAX_SECONDS) ?? 0);
  if (!Number.isInteger(v) || v < 0) throw new Error(`--max-seconds must be a whole number, got ${v}`);
  return v;
})();
/** Keyed reads the simulated agents make at once while walking the unfinished complaints. */
const AGENT_READS = Number(process.env.BENCH_AGENT_READS ?? 16);
/**
 * Share of complaints whose agent is slow (BENCH_SLOW_SHARE, default 0.05): the handling task is
 * completed only BENCH_SLOW_HOLD_S after intake (default the resolution deadline + 5 s), so the reply
 * and resolution clocks of those complaints warn and breach while the rest close in time. The
 * deviation figure comes from these timers; a share of 1 with short deadlines floods the worker with
 * escalations instead (see the README).
 */
const SLOW_SHARE = Number(process.env.BENCH_SLOW_SHARE ?? 0.05);

const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Per activity (service tasks by handler type): how many ran, time run, time waited in the task queue. */
const activityTimes = new Map<string, { n: number; runMs: number[]; waitMs: number[] }>();
async function timed<I, R>(info: { activityType: string; currentAttemptScheduledTimestampMs: number }, args: unknown[], next: (i: I) => Promise<R>, input: I): Promise<R> {
  const arg = args[0] as { type?: unknown } | undefined;
  const name = info.activityType === 'executeServiceTask' && typeof arg?.type === 'string' ? arg.type : info.activityType;
  const started = Date.now();
  try {
    return await next(input);
  } finally {
    const t = activityTimes.get(name) ?? { n: 0, runMs: [], waitMs: [] };
    t.n += 1;
    t.runMs.push(Date.now() - started);
    t.waitMs.push(started - info.currentAttemptScheduledTimestampMs);
    activityTimes.set(name, t);
  }
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: uniqueMongoUri('bench-cmp'),
    TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('bench-cmp'),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const db = await connectMongo(config.MONGODB_URI);
  const connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  const temporal = new Client({ connection });
  const { app } = await createApp({ config, db, temporal, log: pino({ level: 'silent' }) });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const policy: ComplaintPolicy = {
    ...DEFAULT_POLICY,
    reopenWindow: 'PT1S',
    sla: { ...DEFAULT_POLICY.sla, calendar: DUTY_LINE_CALENDAR, calendarByPriority: {}, warnFraction: 0.5, replyByChannel: { email: REPLY_S * 1000, sms: REPLY_S * 1000, web: REPLY_S * 1000, app: REPLY_S * 1000, voice: REPLY_S * 1000 }, resolution: { urgent: RESOLVE_S * 1000, high: RESOLVE_S * 1000, normal: RESOLVE_S * 1000, low: RESOLVE_S * 1000 } },
  };
  const sims = simulatorChannels();
  const slaQueue = SLA_SLOTS > 0 ? `${config.TEMPORAL_TASK_QUEUE}-sla` : undefined;
  const handlers = registerComplaintHandlers(createHandlerRegistry(), {
    db,
    channels: sims,
    temporal: { client: () => Promise.resolve(temporal), taskQueue: config.TEMPORAL_TASK_QUEUE, ...(slaQueue ? { slaActivityQueue: slaQueue } : {}) },
    policy,
  });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } });
  const native = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const activities = createActivities({ db, handlers, complaintChannels: sims });
  const interceptors: WorkerInterceptors = { activity: [(ctx) => ({ inbound: { execute: (input, next) => timed(ctx.info, input.args, next, input) } })] };
  const worker = await Worker.create({
    connection: native,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowBundle,
    activities,
    maxConcurrentActivityTaskExecutions: ACTIVITY_SLOTS,
    maxConcurrentActivityTaskPolls: ACTIVITY_POLLS,
    interceptors,
  });
  const slaWorker = slaQueue
    ? await Worker.create({ connection: native, taskQueue: slaQueue, activities, maxConcurrentActivityTaskExecutions: SLA_SLOTS, interceptors })
    : undefined;
  const running = Promise.all([worker.run(), slaWorker?.run()]);

  const depts = ['billing', 'customer-service', 'security-desk', 'product'];
  await departments(db).create(depts.map((d) => ({ _id: d, name: d, supervisor: `sup-${d}`, head: `head-${d}`, skills: [] })));
  const agentIds: string[] = [];
  for (const d of depts) for (let i = 0; i < AGENTS / 2; i++) agentIds.push(`${d}-agent-${i}`);
  await users(db).create(agentIds.map((id) => ({ _id: id, username: id, passwordHash: 'x', roles: ['agent'], department: id.replace(/-agent-\d+$/, ''), groups: [], skills: [], languages: [], disabled: false })));
  await users(db).create({ _id: 'bench-op', username: 'bench-op', passwordHash: await hashPassword('bench password 123'), roles: ['operator'], groups: [], skills: [], languages: [], disabled: false });
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-op', password: 'bench password 123' }) });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const token = ((await login.json()) as { token: string }).token;
  const CUSTOMERS = 200;
  await customers(db).insertMany(Array.from({ length: CUSTOMERS }, (_, i) => ({ _id: `bc-${i}`, name: `Customer ${i}`, phones: [`+86138${String(i).padStart(8, '0')}`], emails: [`c${i}@example.com`], consent: { sms: true, email: true, voice: true, marketing: false } })));

  const channels = ['email', 'sms', 'web', 'app', 'voice'];
  const texts = ['You charged me twice on my bill', 'The router is broken, unacceptable', 'I suggest a night-time hotline', 'What are your opening hours?', 'Fraud on my account!'];
  const run = Date.now().toString(36);
  const intakeMs: number[] = [];
  const ids: string[] = [];
  let failed = 0;
  const slowIds = new Set<string>();
  let stop = false;

  // Simulated agents and customers, working from the ids of the complaints they know of (as an agent
  // works from an inbox): each unfinished complaint is read by key (FerretDB answers only a filter of
  // exactly `{ _id }` without reading the whole collection) when its next look is due, an open handling
  // task is completed as its assignee (task ids from the case record, the task read by key) and the
  // survey of a replied complaint answered with 4. A complaint with nothing to do is looked at again
  // after a growing pause (0.5 s doubling to 8 s), so the agents' reads stay a small share of the
  // database's work; closed complaints leave the working set.
  const handled = new Set<string>();
  const unfinished = new Map<string, { status: string; nextLook: number; pause: number; holdUntil: number }>();
  const closedAt = new Map<string, number>();
  const records = caseRecordModel(db);
  const act = async (id: string, c: { status: string; round: number }): Promise<boolean> => {
    if (c.status === 'assigned') {
      const rec = await records.findById(id, { taskIds: 1 }).lean();
      const candidates = (rec?.taskIds ?? []).filter((t) => t.includes(':Handle:') && !handled.has(t));
      let acted = false;
      for (const t of await findTasksByIds(db, candidates, { taskId: 1, status: 1, assignee: 1 })) {
        handled.add(t.taskId);
        if (t.status !== 'open') continue;
        try {
          await temporal.workflow.getHandle(id).executeUpdate(completeTaskUpdate, { args: [{ taskId: t.taskId, actor: t.assignee ?? '', data: { replyText: 'Handled, thank you.' } }] });
          acted = true;
        } catch {
          handled.delete(t.taskId);
        }
      }
      return acted;
    }
    if (c.status === 'replied' && !handled.has(`survey:${id}:${c.round}`)) {
      handled.add(`survey:${id}:${c.round}`);
      await temporal.workflow
        .getHandle(id)
        .signal(messageSignal, { name: 'survey-answer', correlationKey: id, variables: { score: 4 } })
        .catch(() => handled.delete(`survey:${id}:${c.round}`));
      return true;
    }
    return false;
  };
  const look = async (id: string): Promise<void> => {
    const entry = unfinished.get(id);
    if (!entry) return;
    if (entry.holdUntil > Date.now()) {
      entry.nextLook = entry.holdUntil;
      return;
    }
    const c = await complaints(db).findById(id, { status: 1, round: 1 }).lean();
    if (c?.status === 'closed') {
      unfinished.delete(id);
      closedAt.set(id, Date.now());
      return;
    }
    const changed = c !== null && c.status !== entry.status;
    if (c) entry.status = c.status;
    const acted = c ? await act(id, c) : false;
    entry.pause = acted || changed ? 500 : Math.min(entry.pause * 2, 8000);
    entry.nextLook = Date.now() + entry.pause;
  };
  // The agents keep up to AGENT_READS looks in flight, each complaint on its own: a slow update
  // (the workflow busy) holds one look, not a whole round of them.
  const inFlight = new Set<string>();
  const agents = (async () => {
    while (!stop) {
      const now = Date.now();
      for (const [id, e] of unfinished) {
        if (inFlight.size >= AGENT_READS) break;
        if (e.nextLook > now || inFlight.has(id)) continue;
        inFlight.add(id);
        void look(id)
          .catch(() => undefined)
          .finally(() => inFlight.delete(id));
      }
      await sleep(100);
    }
    while (inFlight.size > 0) await sleep(50);
  })();

  // Progress every 10 s (BENCH_VERBOSE), during intake too, as the simulated agents last saw each
  // complaint (a filtered count would read the whole collection on FerretDB).
  const progress = setInterval(() => {
    if (!process.env.BENCH_VERBOSE) return;
    const counts: Record<string, number> = { closed: closedAt.size };
    for (const e of unfinished.values()) counts[e.status] = (counts[e.status] ?? 0) + 1;
    console.log(`progress ${((Date.now() - t0) / 1000).toFixed(0)} s, load ${os.loadavg()[0].toFixed(1)}, taken in ${ids.length}: ${JSON.stringify(counts)}`);
  }, 10_000);
  const cpu0 = process.cpuUsage();
  const load0 = os.loadavg()[0];
  console.log(`stack ready: API at ${base}, worker on ${config.TEMPORAL_TASK_QUEUE}`);
  const t0 = Date.now();
  const stopAt = MAX_SECONDS > 0 ? t0 + MAX_SECONDS * 1000 : Infinity;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++;
        if (RATE > 0) {
          const due = t0 + (i / RATE) * 1000;
          if (due >= stopAt) break;
          if (due > Date.now()) await sleep(due - Date.now());
        }
        if (Date.now() >= stopAt) break;
        const started = performance.now();
        const res = await fetch(`${base}/complaints`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `bench-${run}-${i}` },
          body: JSON.stringify({ customerId: `bc-${i % CUSTOMERS}`, channel: channels[i % channels.length], text: texts[i % texts.length] }),
        });
        intakeMs.push(performance.now() - started);
        if (res.status !== 201) failed += 1;
        else {
          const { complaintId } = (await res.json()) as { complaintId: string };
          ids.push(complaintId);
          // Every 1/SLOW_SHARE-th complaint (spread evenly over the run) gets a slow agent.
          const slow = SLOW_SHARE > 0 && Math.floor((i + 1) * SLOW_SHARE) > Math.floor(i * SLOW_SHARE);
          unfinished.set(complaintId, { status: 'received', nextLook: Date.now() + 1000, pause: 1000, holdUntil: slow ? Date.now() + SLOW_HOLD_S * 1000 : 0 });
          if (slow) slowIds.add(complaintId);
        }
      }
    }),
  );
  const intakeDone = Date.now();
  console.log(`intake: ${ids.length} complaints in ${((intakeDone - t0) / 1000).toFixed(1)} s (${failed} failed)`);

  // Wait for every complaint to close.
  const deadline = Math.min(stopAt, Date.now() + (WAIT_S > 0 ? WAIT_S * 1000 : Math.max(600_000, N * 2000)));
  let closedCount = 0;
  while (Date.now() < deadline) {
    closedCount = closedAt.size;
    if (closedCount >= ids.length) break;
    await sleep(500);
  }
  const done = await complaints(db).find({}, { closedAt: 1, receivedAt: 1, escalations: 1, replies: 1 }).lean();
  const lastClose = Math.max(...done.map((d) => d.closedAt?.getTime() ?? 0));
  const e2e = done.filter((d) => d.closedAt).map((d) => (d.closedAt as Date).getTime() - d.receivedAt.getTime());
  // The same for complaints whose agent was not slow: how long handling takes while others breach.
  const e2eOnTime = done.filter((d) => d.closedAt && !slowIds.has(String(d._id))).map((d) => (d.closedAt as Date).getTime() - d.receivedAt.getTime());
  // A timer armed before its due instant measures timer precision; one armed after it (the clock
  // started or resumed late because the worker was behind) fires at once and measures the backlog.
  const fired = done.flatMap((d) => d.escalations ?? []);
  const armedInTime = fired.filter((e) => e.armedAt && e.armedAt.getTime() <= e.dueAt.getTime());
  const armedLate = fired.filter((e) => !e.armedAt || e.armedAt.getTime() > e.dueAt.getTime());
  const deviations = armedInTime.map((e) => e.at.getTime() - e.dueAt.getTime());
  // When the largest deviation happened (seconds into the run), to line it up with the progress lines.
  const worst = armedInTime.reduce<(typeof armedInTime)[number] | undefined>((w, e) => (!w || e.at.getTime() - e.dueAt.getTime() > w.at.getTime() - w.dueAt.getTime() ? e : w), undefined);
  const lateness = armedLate.map((e) => e.at.getTime() - e.dueAt.getTime());
  const duplicateReplies = done.filter((d) => (d.replies ?? []).length > 1).length;
  stop = true;
  clearInterval(progress);
  await agents;
  const stoppedAtS = Date.now() >= stopAt ? Math.round((Date.now() - t0) / 1000) : null;
  const stillOpen = done.filter((d) => !d.closedAt).map((d) => String(d._id));
  const cpu = process.cpuUsage(cpu0);
  const seconds = (lastClose - t0) / 1000;

  const figures = {
    bench: 'complaints',
    complaints: N,
    takenIn: ids.length,
    closed: closedCount,
    stoppedAtS,
    intakeFailed: failed,
    concurrency: CONCURRENCY,
    intakeRate: RATE || null,
    activitySlots: ACTIVITY_SLOTS,
    activityPolls: ACTIVITY_POLLS,
    slaActivitySlots: SLA_SLOTS || null,
    loadAverage1m: Number(os.loadavg()[0].toFixed(1)),
    replyDeadlineS: REPLY_S,
    resolutionDeadlineS: RESOLVE_S,
    slowAgentShare: SLOW_SHARE,
    slowAgentComplaints: slowIds.size,
    slowAgentHoldS: SLOW_HOLD_S,
    complaintsPerSecond: Number((closedCount / seconds).toFixed(2)),
    intakeP50Ms: Number(quantile(intakeMs, 0.5).toFixed(1)),
    intakeP99Ms: Number(quantile(intakeMs, 0.99).toFixed(1)),
    endToEndP50Ms: Math.round(quantile(e2e, 0.5)),
    endToEndP99Ms: Math.round(quantile(e2e, 0.99)),
    endToEndNotSlowP50Ms: Math.round(quantile(e2eOnTime, 0.5)),
    endToEndNotSlowP99Ms: Math.round(quantile(e2eOnTime, 0.99)),
    slaTimersFired: fired.length,
    slaTimersArmedInTime: deviations.length,
    slaMaxDeviationMs: deviations.length ? Math.max(...deviations) : null,
    slaP99DeviationMs: deviations.length ? quantile(deviations, 0.99) : null,
    slaMaxDeviationAtS: worst ? Math.round((worst.dueAt.getTime() - t0) / 1000) : null,
    slaDeviationsOver1s: deviations.filter((d) => d > 1000).length,
    slaArmedLate: lateness.length,
    slaArmedLateMaxMs: lateness.length ? Math.max(...lateness) : null,
    duplicateReplies,
    loadAverageAtStart1m: Number(load0.toFixed(1)),
    processCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
    cores: os.cpus().length,
  };
  if (stoppedAtS !== null) console.log(`stopped at ${stoppedAtS} s (--max-seconds): ${ids.length} of ${N} taken in, ${stillOpen.length} still open`);
  console.log(`closed ${closedCount}/${ids.length} taken in (of ${N}) in ${seconds.toFixed(1)} s: ${figures.complaintsPerSecond} complaints/s end to end`);
  console.log(`intake latency p50 ${figures.intakeP50Ms} ms, p99 ${figures.intakeP99Ms} ms; intake→closure p50 ${figures.endToEndP50Ms} ms, p99 ${figures.endToEndP99Ms} ms (without the slow agents' complaints: p50 ${figures.endToEndNotSlowP50Ms} ms, p99 ${figures.endToEndNotSlowP99Ms} ms)`);
  console.log(
    `SLA timers fired: ${fired.length}; armed before due: ${deviations.length}, largest deviation from due time ${figures.slaMaxDeviationMs} ms (p99 ${figures.slaP99DeviationMs} ms); ` +
      `armed after due (clock started late under backlog): ${lateness.length}, up to ${figures.slaArmedLateMaxMs} ms late; complaints replied twice: ${duplicateReplies}`,
  );

  const profile = [...activityTimes.entries()]
    .map(([name, t]) => ({ name, n: t.n, runTotalS: t.runMs.reduce((a, b) => a + b, 0) / 1000, runP50: quantile(t.runMs, 0.5), runP99: quantile(t.runMs, 0.99), waitP50: quantile(t.waitMs, 0.5) }))
    .sort((a, b) => b.runTotalS - a.runTotalS);
  console.log('activities (run time total, p50/p99 ms; task-queue wait p50 ms):');
  for (const p of profile) console.log(`  ${p.name.padEnd(28)} ${String(p.n).padStart(6)}  ${p.runTotalS.toFixed(1).padStart(8)} s  ${p.runP50}/${p.runP99} ms  wait ${p.waitP50} ms`);

  worker.shutdown();
  slaWorker?.shutdown();
  await running;
  // Complaints left open (a stopped run): end their workflows, 16 at a time.
  for (let i = 0; i < stillOpen.length; i += 16) {
    await Promise.allSettled(stillOpen.slice(i, i + 16).map((id) => temporal.workflow.getHandle(id).terminate('bench stopped')));
  }
  await native.close();
  server.close();
  await connection.close();
  await db.dropDatabase().catch(() => undefined);
  await db.close();
  console.log(JSON.stringify(figures));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
