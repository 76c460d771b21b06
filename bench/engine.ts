/**
 * npm run bench:engine — the same 10-element flow run as interpreted BPMN (runProcess) and as a
 * hand-written workflow, side by side on the same Temporal server and worker: cases/s, worker CPU
 * per case (this process hosts the worker and the client), history events per case, histories replayed/s.
 * Both sides run BENCH_ROUNDS rounds of BENCH_CASES (N, default 100) concurrent cases, alternating which
 * side goes first, since the machine is shared and its load drifts; the ratio uses the summed time of all
 * rounds, and each round's ratio is printed too. BENCH_PER_TASK=1 adds a round of the interpreter with
 * `traceFlush: 'per-task'` (the flush before batching: two activities after every workflow task). The last
 * line is one JSON object.
 */
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createHandlerRegistry } from '../activities/engine/handlers/builtins';
import type { CompiledProcess, ElementDef, FlowDef } from '../core/bpmn/graph';
import { connectMongo } from '../store/connection';
import { PROCESS_WORKFLOW, type ProcessInput } from '../workflows/process/messages';
import { TEMPORAL_ADDRESS, uniqueMongoUri, uniqueTaskQueue } from '../tests/support/servers';

const N = Number(process.env.BENCH_CASES ?? 100);
/** Rounds per side (BENCH_ROUNDS, default 2), alternating which side runs first. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
/** BENCH_PER_TASK=1 adds one round of the interpreter with its old per-task flush (the figures before batching). */
const PER_TASK = process.env.BENCH_PER_TASK === '1';

function tenElementGraph(): CompiledProcess {
  const P = 'Process_bench';
  const els: [string, ElementDef['type'], Partial<ElementDef>][] = [
    ['start', 'bpmn:StartEvent', { event: { kind: 'none' } }],
    ['score', 'bpmn:ServiceTask', { task: { type: 'echo', inputs: [], outputs: [] } }],
    ['gw', 'bpmn:ExclusiveGateway', { defaultFlow: 'f_small' }],
    ['split', 'bpmn:ParallelGateway', {}],
    ['invoice', 'bpmn:ServiceTask', { task: { type: 'echo', inputs: [], outputs: [] } }],
    ['ship', 'bpmn:ServiceTask', { task: { type: 'echo', inputs: [], outputs: [] } }],
    ['join', 'bpmn:ParallelGateway', {}],
    ['cool', 'bpmn:IntermediateCatchEvent', { event: { kind: 'timer', timer: { kind: 'duration', expression: 'PT0S' } } }],
    ['end', 'bpmn:EndEvent', { event: { kind: 'none' } }],
    ['endSmall', 'bpmn:EndEvent', { event: { kind: 'none' } }],
  ];
  const flows: FlowDef[] = [
    { id: 'f1', source: 'start', target: 'score' },
    { id: 'f2', source: 'score', target: 'gw' },
    { id: 'f_big', source: 'gw', target: 'split', condition: 'amount > 0' },
    { id: 'f_small', source: 'gw', target: 'endSmall' },
    { id: 'f3', source: 'split', target: 'invoice' },
    { id: 'f4', source: 'split', target: 'ship' },
    { id: 'f5', source: 'invoice', target: 'join' },
    { id: 'f6', source: 'ship', target: 'join' },
    { id: 'f7', source: 'join', target: 'cool' },
    { id: 'f8', source: 'cool', target: 'end' },
  ];
  const elements: Record<string, ElementDef> = {};
  for (const [id, type, extra] of els) elements[id] = { id, type, scope: P, incoming: [], outgoing: [], ...extra };
  for (const f of flows) {
    elements[f.source].outgoing.push(f.id);
    elements[f.target].incoming.push(f.id);
  }
  return {
    schemaVersion: 1,
    processId: P,
    xmlHash: '0'.repeat(64),
    isExecutable: true,
    rootScope: P,
    elements,
    flows: Object.fromEntries(flows.map((f) => [f.id, f])),
    scopes: { [P]: { id: P, kind: 'process', children: Object.keys(elements), noneStartEvents: ['start'], triggeredStartEvents: [], eventSubProcesses: [] } },
    links: {},
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const noop = (): void => undefined;
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop },
  });
  const db = await connectMongo(uniqueMongoUri('bench'));
  const taskQueue = uniqueTaskQueue('bench');
  const native = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const worker = await Worker.create({ connection: native, taskQueue, workflowBundle, activities: createActivities({ db, handlers: createHandlerRegistry() }) });
  const running = worker.run();
  const connection = await Connection.connect({ address: TEMPORAL_ADDRESS });
  const client = new Client({ connection });
  const graph = tenElementGraph();
  const stamp = Date.now().toString(36);

  type Run = { seconds: number; cpuMicros: number; ids: string[]; doneAt: Map<string, number> };
  /** Runs N cases at once to their end: wall time, each case's end (s from the start) and this process's CPU (worker and client). */
  const runCases = async (startOne: (i: number) => Promise<string>): Promise<Run> => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const doneAt = new Map<string, number>();
    const ids = await Promise.all(Array.from({ length: N }, (_, i) => startOne(i)));
    await Promise.all(
      ids.map(async (id) => {
        await client.workflow.getHandle(id).result();
        doneAt.set(id, (performance.now() - t0) / 1000);
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    return { seconds: (performance.now() - t0) / 1000, cpuMicros: cpu.user + cpu.system, ids, doneAt };
  };
  /**
   * Figures over all rounds of one side: cases/s from the summed wall time; events and replays from a sample of
   * the last round. A case is stalled when one of its activities timed out or needed a retry (on this loaded shared server an
   * activity is at times taken by the worker and never reported back, for either side, and its case waits out
   * the start-to-close timeout); the figures without stalls count the other cases against the end of the last
   * of them, so that such a timeout does not decide the ratio.
   */
  const figures = async (label: string, runs: Run[]) => {
    const cases = runs.length * N;
    const seconds = runs.reduce((n, r) => n + r.seconds, 0);
    const cpuMicros = runs.reduce((n, r) => n + r.cpuMicros, 0);
    const timedOut = async (workflowId: string): Promise<boolean> =>
      // A timed-out attempt that is retried leaves no event of its own: the started event of the retry says attempt 2.
      ((await client.workflow.getHandle(workflowId).fetchHistory()).events ?? []).some(
        (e) => e.activityTaskTimedOutEventAttributes || (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1,
      );
    const clean = await Promise.all(
      runs.map(async (r) => {
        const stalled = new Set((await Promise.all(r.ids.map(async (id) => ((await timedOut(id)) ? id : '')))).filter(Boolean));
        const ends = r.ids.filter((id) => !stalled.has(id)).map((id) => r.doneAt.get(id) ?? r.seconds);
        return { stalled: stalled.size, cases: ends.length, seconds: Math.max(...ends, 0.001) };
      }),
    );
    const sample = (runs[runs.length - 1]?.ids ?? []).slice(0, Math.min(N, 50));
    const histories = await Promise.all(sample.map(async (workflowId) => ({ workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() })));
    const events = histories.reduce((n, h) => n + (h.history.events?.length ?? 0), 0) / histories.length;
    const r0 = performance.now();
    let replayed = 0;
    for await (const r of Worker.runReplayHistories({ workflowBundle, replayName: `replay-${label}` }, histories)) {
      if (r.error) throw new Error(`${label} replay of ${r.workflowId} failed: ${r.error.message}`);
      replayed += 1;
    }
    const replaySeconds = (performance.now() - r0) / 1000;
    const cleanCases = clean.reduce((n, c) => n + c.cases, 0);
    const cleanSeconds = clean.reduce((n, c) => n + c.seconds, 0);
    return {
      cases,
      seconds: +seconds.toFixed(2),
      casesPerSecond: +(cases / seconds).toFixed(2),
      perRound: runs.map((r) => +(N / r.seconds).toFixed(2)),
      stalledCases: clean.reduce((n, c) => n + c.stalled, 0),
      casesPerSecondWithoutStalls: +(cleanCases / cleanSeconds).toFixed(2),
      perRoundWithoutStalls: clean.map((c) => +(c.cases / c.seconds).toFixed(2)),
      cpuMsPerCase: +(cpuMicros / 1000 / cases).toFixed(2),
      historyEventsPerCase: +events.toFixed(1),
      historiesReplayedPerSecond: +(replayed / replaySeconds).toFixed(1),
    };
  };

  const interpret = (label: string, round: number, traceFlush: ProcessInput['traceFlush']) =>
    runCases(async (i) => {
      const caseId = `bench-${label}-${stamp}-${round}-${i}`;
      const input: ProcessInput = { caseId, definitionId: 'bench', version: 1, graph, variables: { amount: 5 }, traceFlush };
      await client.workflow.start(PROCESS_WORKFLOW, { taskQueue, workflowId: caseId, args: [input] });
      return caseId;
    });
  const handWrite = (round: number) =>
    runCases(async (i) => {
      const caseId = `bench-hand-${stamp}-${round}-${i}`;
      await client.workflow.start('handWrittenFlow', { taskQueue, workflowId: caseId, args: [{ caseId, amount: 5 }] });
      return caseId;
    });

  // Warm-up so that neither side pays for the first bundle load or a cold JIT.
  await client.workflow.execute('handWrittenFlow', { taskQueue, workflowId: `bench-warm-${stamp}`, args: [{ caseId: 'warm', amount: 1 }] });
  const warm: ProcessInput = { caseId: `bench-warm-bpmn-${stamp}`, definitionId: 'bench', version: 1, graph, variables: { amount: 5 } };
  await client.workflow.execute(PROCESS_WORKFLOW, { taskQueue, workflowId: warm.caseId, args: [warm] });

  // Rounds alternate which side goes first, so that a load change on the shared machine hits both alike.
  const handRuns: Run[] = [];
  const bpmnRuns: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      handRuns.push(await handWrite(round));
      bpmnRuns.push(await interpret('bpmn', round, 'at-wait'));
    } else {
      bpmnRuns.push(await interpret('bpmn', round, 'at-wait'));
      handRuns.push(await handWrite(round));
    }
  }
  const perTaskRuns = PER_TASK ? [await interpret('bpmn-per-task', 0, 'per-task')] : [];
  const handWritten = await figures('hand-written', handRuns);
  const interpreted = await figures('bpmn', bpmnRuns);
  const perTaskFlush = PER_TASK ? await figures('bpmn-per-task', perTaskRuns) : undefined;

  worker.shutdown();
  await running;
  await native.close();
  await connection.close();
  await db.dropDatabase();
  await db.close();

  const ratio = +(interpreted.casesPerSecond / handWritten.casesPerSecond).toFixed(2);
  const roundRatios = interpreted.perRound.map((x, i) => +(x / (handWritten.perRound[i] ?? NaN)).toFixed(2));
  const ratioWithoutStalls = +(interpreted.casesPerSecondWithoutStalls / handWritten.casesPerSecondWithoutStalls).toFixed(2);
  const roundRatiosWithoutStalls = interpreted.perRoundWithoutStalls.map((x, i) => +(x / (handWritten.perRoundWithoutStalls[i] ?? NaN)).toFixed(2));
  const perTaskRatio = perTaskFlush ? +(perTaskFlush.casesPerSecond / handWritten.casesPerSecond).toFixed(2) : undefined;
  const load = os.loadavg().map((x) => +x.toFixed(1));
  console.log(`${ROUNDS} rounds of ${N} cases per side, load average ${load.join(' ')} at the end`);
  console.log(`interpreted BPMN : ${interpreted.casesPerSecond} cases/s (rounds ${interpreted.perRound.join(', ')}), ${interpreted.cpuMsPerCase} ms CPU/case, ${interpreted.historyEventsPerCase} events/case, ${interpreted.historiesReplayedPerSecond} replays/s`);
  if (perTaskFlush) {
    console.log(`  (per-task flush: ${perTaskFlush.casesPerSecond} cases/s, ${perTaskFlush.cpuMsPerCase} ms CPU/case, ${perTaskFlush.historyEventsPerCase} events/case, ${perTaskFlush.historiesReplayedPerSecond} replays/s, ratio ${perTaskRatio})`);
  }
  console.log(`hand-written     : ${handWritten.casesPerSecond} cases/s (rounds ${handWritten.perRound.join(', ')}), ${handWritten.cpuMsPerCase} ms CPU/case, ${handWritten.historyEventsPerCase} events/case, ${handWritten.historiesReplayedPerSecond} replays/s`);
  console.log(`throughput ratio interpreted/hand-written: ${ratio} (per round ${roundRatios.join(', ')}; goal ≥ 0.8)`);
  console.log(
    `stalled cases (an activity timed out or was retried): interpreted ${interpreted.stalledCases}, hand-written ${handWritten.stalledCases}; without them ${interpreted.casesPerSecondWithoutStalls} vs ${handWritten.casesPerSecondWithoutStalls} cases/s, ratio ${ratioWithoutStalls} (per round ${roundRatiosWithoutStalls.join(', ')})`,
  );
  console.log(
    JSON.stringify({
      bench: 'engine',
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
      interpreted,
      handWritten,
      throughputRatio: ratio,
      roundRatios,
      throughputRatioWithoutStalls: ratioWithoutStalls,
      roundRatiosWithoutStalls,
      loadAverage: load,
      interpretedPerTaskFlush: perTaskFlush,
      perTaskFlushRatio: perTaskRatio,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
