/**
 * Trace flushing on the real dev server: by default trace events and the case record are written in one
 * activity at wait states and at the end; the trace store then holds every trail entry, in order, and a case
 * waiting at a user task is already visible there. `traceFlush: 'per-task'` keeps the older, chattier flush.
 */
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { CompiledProcess } from '../../core/bpmn/graph';
import { completeTaskUpdate, stateQuery } from '../../workflows/process/messages';
import { GraphBuilder } from './support/graph-builder';
import { createHarness, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('wf-flush');
}, 120_000);
afterAll(async () => h?.close());

const graph = (): CompiledProcess =>
  new GraphBuilder()
    .start()
    .service('a', 'echo')
    .el('split', 'bpmn:ParallelGateway')
    .service('b', 'echo')
    .service('c', 'echo')
    .el('join', 'bpmn:ParallelGateway')
    .user('check', { assignee: 'ann' })
    .service('d', 'echo')
    .end()
    .chain('start', 'a', 'split', 'b', 'join', 'check', 'd', 'end')
    .chain('split', 'c', 'join')
    .build();

async function stored(caseId: string): Promise<{ seq: number; elementId: string; lifecycle: string }[]> {
  const docs = await h.db.collection('trace_events').find({ caseId }).sort({ seq: 1 }).toArray();
  return docs.map((d) => ({ seq: d.seq as number, elementId: d.elementId as string, lifecycle: d.lifecycle as string }));
}

/** Flush activities in the history: scheduled activities by type, local activities (markers) as `local`. */
async function flushActivities(caseId: string): Promise<Record<string, number>> {
  const history = await h.client.workflow.getHandle(caseId).fetchHistory();
  const out: Record<string, number> = {};
  for (const e of history.events ?? []) {
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (name && ['recordTrace', 'upsertCaseRecord', 'flushCase'].includes(name)) out[name] = (out[name] ?? 0) + 1;
    if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity') out.local = (out.local ?? 0) + 1;
  }
  return out;
}

describe.each([
  ['at-wait', undefined],
  ['per-task', 'per-task' as const],
])('trace flush %s', (_label, traceFlush) => {
  it('when the case waits at a user task and then ends, then the trace store holds the whole trail in order', async () => {
    const handle = await h.start(graph(), traceFlush ? { traceFlush } : {});
    const waiting = await h.waitFor(handle, (s) => s.openTasks.length === 1);
    // At the wait state the store catches up with the trail, and the case record counts the open task.
    const caught = await (async () => {
      for (let i = 0; i < 100; i++) {
        const rows = await stored(handle.workflowId);
        const record = await h.db.collection('case_records').findOne({ caseId: handle.workflowId });
        if (rows.length >= waiting.trail.length && record?.openTasks === 1) return rows;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('trace store did not catch up at the wait state');
    })();
    expect(caught.slice(0, waiting.trail.length).map((r) => `${r.elementId}:${r.lifecycle}`)).toEqual(waiting.trail.map((e) => `${e.elementId}:${e.lifecycle}`));
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: waiting.openTasks[0], actor: 'ann', data: {} }] });
    await handle.result();
    const final = await handle.query(stateQuery);
    const rows = await stored(handle.workflowId);
    expect(rows.map((r) => r.seq)).toEqual(final.trail.map((e) => e.seq));
    expect(rows.map((r) => `${r.elementId}:${r.lifecycle}`)).toEqual(final.trail.map((e) => `${e.elementId}:${e.lifecycle}`));
    expect(await h.db.collection('case_records').findOne({ caseId: handle.workflowId })).toMatchObject({ status: 'completed', openTasks: 0 });
    const acts = await flushActivities(handle.workflowId);
    if (traceFlush === 'per-task') {
      expect(acts.local).toBeUndefined();
      expect(acts.recordTrace).toBeGreaterThanOrEqual(3);
    } else {
      // One flush at the user task, one at the end (the trail is written by nothing else).
      expect(acts).toEqual({ flushCase: 2 });
    }
  });
});

describe('histories of batched flushes replay', () => {
  it('when cases that end at once, terminate, wait and fail are replayed, then none is non-deterministic', async () => {
    const straight = new GraphBuilder().start().service('a', 'echo').end().chain('start', 'a', 'end').build();
    const instant = new GraphBuilder().start().end().chain('start', 'end').build();
    const terminate = new GraphBuilder()
      .start()
      .el('split', 'bpmn:ParallelGateway')
      .user('review')
      .end('stop', { kind: 'terminate' })
      .end()
      .chain('start', 'split')
      .chain('split', 'review', 'end')
      .chain('split', 'stop')
      .build();
    const timer = new GraphBuilder()
      .start()
      .catchEvent('pause', { kind: 'timer', timer: { kind: 'duration', expression: 'PT0S' } })
      .service('a', 'echo')
      .end()
      .chain('start', 'pause', 'a', 'end')
      .build();
    const failing = new GraphBuilder().start().service('boom', 'bpmn-error', { headers: { code: 'E1' } }).end().chain('start', 'boom', 'end').build();
    const ids: string[] = [];
    for (const g of [straight, instant, terminate, timer, failing, graph()]) {
      const handle = await h.start(g);
      ids.push(handle.workflowId);
      if (g.elements.check) {
        const s = await h.waitFor(handle, (x) => x.openTasks.length === 1);
        await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: s.openTasks[0], actor: 'ann', data: {} }] });
      }
      await handle.result().catch(() => undefined);
    }
    const histories = await Promise.all(ids.map(async (workflowId) => ({ workflowId, history: await h.client.workflow.getHandle(workflowId).fetchHistory() })));
    const noop = (): void => undefined;
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop } });
    const failures: string[] = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle, replayName: 'flush-replay' }, histories)) if (r.error) failures.push(`${r.workflowId}: ${r.error.message}`);
    expect(failures).toEqual([]);
    const flushes = await Promise.all(ids.map(flushActivities));
    expect(flushes.every((f) => (f.flushCase ?? 0) >= 1 && f.recordTrace === undefined)).toBe(true);
  }, 90_000);
});
