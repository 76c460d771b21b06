/**
 * The consolidated patch (tp-consolidated-v2, workflows/process/patches.ts) on the real dev server: a new case
 * records one patch marker instead of one per patched behaviour it reaches, takes every patched path, and does
 * not flush at a timer that is already due; a timer that really waits is still a wait state. Fresh histories
 * replay, and one is captured (CAPTURE_HISTORIES=1) for the replay test. Histories from before the patch are
 * replayed by replay.test.ts.
 */
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { CompiledProcess } from '../../core/bpmn/graph';
import { CONSOLIDATED_PATCH } from '../../workflows/process/patches';
import { stateQuery } from '../../workflows/process/messages';
import { GraphBuilder } from './support/graph-builder';
import { createHarness, type Harness } from './support/harness';
import { saveHistory } from './support/histories';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('wf-consol');
}, 120_000);
afterAll(async () => h?.close());

/** The benchmark's shape: service task, exclusive gateway on its output, parallel split and join, a timer. */
const graph = (timer: string): CompiledProcess =>
  new GraphBuilder()
    .start()
    .service('score', 'echo')
    .el('gw', 'bpmn:ExclusiveGateway')
    .el('split', 'bpmn:ParallelGateway')
    .service('invoice', 'echo')
    .service('ship', 'echo')
    .el('join', 'bpmn:ParallelGateway')
    .catchEvent('cool', { kind: 'timer', timer: { kind: 'duration', expression: timer } })
    .end()
    .end('endSmall')
    .chain('start', 'score', 'gw')
    .flow('gw', 'split', 'amount > 0')
    .flow('gw', 'endSmall', undefined, 'f_small')
    .defaultFlow('gw', 'f_small')
    .chain('split', 'invoice', 'join', 'cool', 'end')
    .chain('split', 'ship', 'join')
    .build();

interface HistoryFacts {
  patches: string[];
  flushes: number;
  timers: number;
}

async function historyFacts(workflowId: string): Promise<HistoryFacts> {
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  const facts: HistoryFacts = { patches: [], flushes: 0, timers: 0 };
  for (const e of history.events ?? []) {
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName === 'core_patch') {
      const data = marker.details?.['patch-data']?.payloads?.[0]?.data;
      facts.patches.push((JSON.parse(Buffer.from(data ?? []).toString('utf8')) as { id: string }).id);
    }
    if (e.activityTaskScheduledEventAttributes?.activityType?.name === 'flushCase') facts.flushes += 1;
    if (e.timerStartedEventAttributes) facts.timers += 1;
  }
  return facts;
}

async function storedTrail(caseId: string): Promise<string[]> {
  const docs = await h.db.collection('trace_events').find({ caseId }).sort({ seq: 1 }).toArray();
  return docs.map((d) => `${d.elementId as string}:${d.lifecycle as string}`);
}

describe('consolidated patch', () => {
  it('when a new case runs service tasks, a gateway on their output and a zero-length timer, then it records one patch marker and flushes once, at its end', async () => {
    const handle = await h.start(graph('PT0S'), { variables: { amount: 5 } });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'completed' });
    const facts = await historyFacts(handle.workflowId);
    expect(facts.patches).toEqual([CONSOLIDATED_PATCH]);
    // The timer still runs (the same commands as a hand-written sleep), but the case does not flush at it.
    expect(facts.timers).toBe(1);
    expect(facts.flushes).toBe(1);
    // The one flush at the end wrote the whole trail and the final record.
    const final = await handle.query(stateQuery);
    expect(final.trail.map((e) => e.elementId)).toContain('cool');
    expect(await storedTrail(handle.workflowId)).toEqual(final.trail.map((e) => `${e.elementId}:${e.lifecycle}`));
    expect(await h.db.collection('case_records').findOne({ caseId: handle.workflowId })).toMatchObject({ status: 'completed', openTasks: 0 });
    await saveHistory(h, handle.workflowId, 'consolidated-v2');
  }, 120_000);

  it('when a new case waits at a timer that is not yet due, then the store shows it waiting there before it ends', async () => {
    const handle = await h.start(graph('PT30S'), { variables: { amount: 5 } });
    // Generous waits: on the loaded shared dev server a workflow or activity task can take many seconds.
    const waiting = await h.waitFor(handle, (s) => s.tokens.some((t) => t.elementId === 'cool' && t.waitingFor === 'timer'), 90_000);
    const seen = await (async () => {
      for (let i = 0; i < 300; i++) {
        const record = await h.db.collection('case_records').findOne({ caseId: handle.workflowId });
        const tokens = (record?.snapshot as { tokens?: { elementId: string }[] } | undefined)?.tokens ?? [];
        if (tokens.some((t) => t.elementId === 'cool')) return record;
        await new Promise((r) => setTimeout(r, 100));
      }
      return undefined;
    })();
    expect(seen).toMatchObject({ status: 'running' });
    expect((await storedTrail(handle.workflowId)).slice(0, waiting.trail.length)).toEqual(waiting.trail.map((e) => `${e.elementId}:${e.lifecycle}`));
    await handle.result();
    const facts = await historyFacts(handle.workflowId);
    expect(facts.patches).toEqual([CONSOLIDATED_PATCH]);
    expect(facts.flushes).toBe(2);
  }, 180_000);

  it('when the default branch is taken, then the case still flushes once and its history replays with the others', async () => {
    const small = await h.start(graph('PT0S'), { variables: { amount: 0 } });
    expect(await small.result()).toMatchObject({ status: 'completed' });
    expect((await historyFacts(small.workflowId)).flushes).toBe(1);
    expect(await storedTrail(small.workflowId)).toContain('endSmall:complete');
    const again = await h.start(graph('PT0S'), { variables: { amount: 1 } });
    await again.result();
    const histories = await Promise.all(
      [small.workflowId, again.workflowId].map(async (workflowId) => ({ workflowId, history: await h.client.workflow.getHandle(workflowId).fetchHistory() })),
    );
    const noop = (): void => undefined;
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop } });
    const failures: string[] = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle, replayName: 'consolidated-replay' }, histories)) if (r.error) failures.push(`${r.workflowId}: ${r.error.message}`);
    expect(failures).toEqual([]);
  }, 180_000);
});
