/**
 * npm run bench:engine — the same 10-element flow run as interpreted BPMN (runProcess) and as a
 * hand-written workflow, side by side on the same Temporal server and worker: cases/s, worker CPU
 * per case (this process hosts the worker and the client), histories replayed/s. The interpreter runs
 * twice in the same run: with its default flush (trace events and case record in one activity at wait
 * states) and with `traceFlush: 'per-task'` (the flush before batching: two activities after every workflow
 * task), so before/after figures come from the same server under the same load. The last line is one
 * JSON object. BENCH_CASES sets N (default 100).
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

  const measure = async (label: string, startOne: (i: number) => Promise<string>) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const ids = await Promise.all(Array.from({ length: N }, (_, i) => startOne(i)));
    await Promise.all(ids.map((id) => client.workflow.getHandle(id).result()));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const sample = ids.slice(0, Math.min(N, 50));
    const histories = await Promise.all(sample.map(async (workflowId) => ({ workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() })));
    const events = histories.reduce((n, h) => n + (h.history.events?.length ?? 0), 0) / histories.length;
    const r0 = performance.now();
    let replayed = 0;
    for await (const r of Worker.runReplayHistories({ workflowBundle, replayName: `replay-${label}` }, histories)) {
      if (r.error) throw new Error(`${label} replay of ${r.workflowId} failed: ${r.error.message}`);
      replayed += 1;
    }
    const replaySeconds = (performance.now() - r0) / 1000;
    return {
      cases: N,
      seconds: +seconds.toFixed(2),
      casesPerSecond: +(N / seconds).toFixed(1),
      cpuMsPerCase: +((cpu.user + cpu.system) / 1000 / N).toFixed(2),
      historyEventsPerCase: +events.toFixed(1),
      historiesReplayedPerSecond: +(replayed / replaySeconds).toFixed(1),
    };
  };

  // Warm-up so that neither side pays for the first bundle load.
  await client.workflow.execute('handWrittenFlow', { taskQueue, workflowId: `bench-warm-${stamp}`, args: [{ caseId: 'warm', amount: 1 }] });

  const interpret = (label: string, traceFlush: ProcessInput['traceFlush']) =>
    measure(label, async (i) => {
      const caseId = `bench-${label}-${stamp}-${i}`;
      const input: ProcessInput = { caseId, definitionId: 'bench', version: 1, graph, variables: { amount: 5 }, traceFlush };
      await client.workflow.start(PROCESS_WORKFLOW, { taskQueue, workflowId: caseId, args: [input] });
      return caseId;
    });
  const handWritten = await measure('hand-written', async (i) => {
    const caseId = `bench-hand-${stamp}-${i}`;
    await client.workflow.start('handWrittenFlow', { taskQueue, workflowId: caseId, args: [{ caseId, amount: 5 }] });
    return caseId;
  });
  const interpreted = await interpret('bpmn', 'at-wait');
  const perTaskFlush = await interpret('bpmn-per-task', 'per-task');

  worker.shutdown();
  await running;
  await native.close();
  await connection.close();
  await db.dropDatabase();
  await db.close();

  const ratio = +(interpreted.casesPerSecond / handWritten.casesPerSecond).toFixed(2);
  const perTaskRatio = +(perTaskFlush.casesPerSecond / handWritten.casesPerSecond).toFixed(2);
  console.log(`interpreted BPMN : ${interpreted.casesPerSecond} cases/s, ${interpreted.cpuMsPerCase} ms CPU/case, ${interpreted.historyEventsPerCase} events/case, ${interpreted.historiesReplayedPerSecond} replays/s`);
  console.log(`  (per-task flush: ${perTaskFlush.casesPerSecond} cases/s, ${perTaskFlush.cpuMsPerCase} ms CPU/case, ${perTaskFlush.historyEventsPerCase} events/case, ${perTaskFlush.historiesReplayedPerSecond} replays/s, ratio ${perTaskRatio})`);
  console.log(`hand-written     : ${handWritten.casesPerSecond} cases/s, ${handWritten.cpuMsPerCase} ms CPU/case, ${handWritten.historyEventsPerCase} events/case, ${handWritten.historiesReplayedPerSecond} replays/s`);
  console.log(`throughput ratio interpreted/hand-written: ${ratio} (goal ≥ 0.8)`);
  console.log(
    JSON.stringify({
      bench: 'engine',
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
      interpreted,
      handWritten,
      throughputRatio: ratio,
      interpretedPerTaskFlush: perTaskFlush,
      perTaskFlushRatio: perTaskRatio,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
