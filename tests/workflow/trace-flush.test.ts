/**
 * Trace flushing on the real dev server: by default trace events and the case record are written in one
 * activity at wait states and at the end; the trace store then holds every trail entry, in order, and a case
 * waiting at a user task is already visible there. `traceFlush: 'per-task'` keeps the older, chattier flush.
 */
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

async function flushActivities(caseId: string): Promise<Record<string, number>> {
  const history = await h.client.workflow.getHandle(caseId).fetchHistory();
  const out: Record<string, number> = {};
  for (const e of history.events ?? []) {
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (name && ['recordTrace', 'upsertCaseRecord', 'flushCase'].includes(name)) out[name] = (out[name] ?? 0) + 1;
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
      expect(acts.flushCase).toBeUndefined();
      expect(acts.recordTrace).toBeGreaterThanOrEqual(3);
    } else {
      // One flush at the user task, one at the end (the trail is written by nothing else).
      expect(acts).toEqual({ flushCase: 2 });
    }
  });
});
