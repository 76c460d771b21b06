/**
 * Process-level start triggers on the real Temporal dev server: timer start events as Schedules (created,
 * updated, removed with the definition's versions; every firing a case of its own) and message start events
 * through signal-with-start (one case per correlation key; later messages reach the running case).
 */
import { ScheduleNotFoundError } from '@temporalio/client';
import type { CompiledProcess } from '../../core/bpmn/graph';
import { CaseClosedError, NoMessageStartError, startOrCorrelate } from '../../activities/engine/message-start';
import { activateTimerStarts, scheduleIdFor, syncProcessTimerStarts, syncTimerStarts, type StartableDefinition } from '../../activities/engine/start-schedules';
import { definitions } from '../../store/definitions';
import { completeTaskUpdate, messageSignal } from '../../workflows/process/messages';
import type { ProcessResult } from '../../workflows/process/result';
import { createHarness, type Harness } from './support/harness';
import { GraphBuilder } from './support/graph-builder';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('wf-starts');
}, 120_000);
afterAll(async () => h?.close());

const uid = (): string => Math.random().toString(36).slice(2, 8);

function timerStartGraph(processId: string, expression: string, kind: 'cycle' | 'date' = 'cycle'): CompiledProcess {
  return new GraphBuilder(processId)
    .el('tick', 'bpmn:StartEvent', { event: { kind: 'timer', timer: { kind, expression } } })
    .service('stamp', 'set-variables', { headers: { stamped: 'true' } })
    .end()
    .chain('tick', 'stamp', 'end')
    .build();
}

const def = (processId: string, version: number, graph: CompiledProcess, retired = false): StartableDefinition => ({ _id: `${processId}:${version}`, processId, version, graph, retired });

async function waitUntil<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('timer start events as Temporal Schedules', () => {
  it('when a version with a R2/PT2S timer start is activated, then the schedule starts two separate cases and stops', async () => {
    const processId = `Tick_${uid()}`;
    const d = def(processId, 1, timerStartGraph(processId, 'R2/PT2S'));
    const sync = await activateTimerStarts(h.client, d, { taskQueue: h.taskQueue });
    const scheduleId = scheduleIdFor(d._id, 'tick');
    expect(sync).toEqual({ active: [scheduleId], skipped: [] });
    const handle = h.client.schedule.getHandle(scheduleId);
    try {
      const desc = await waitUntil(() => handle.describe(), (x) => x.info.recentActions.length >= 2, 15_000);
      expect(desc.info.recentActions).toHaveLength(2);
      expect(desc.state.remainingActions).toBe(0);
      const ids = desc.info.recentActions.map((a) => a.action.workflow.workflowId);
      expect(new Set(ids).size).toBe(2);
      for (const id of ids) {
        expect(id.startsWith(`${processId}-v1-tick-`)).toBe(true);
        const result = (await h.client.workflow.getHandle(id).result()) as ProcessResult;
        expect(result).toMatchObject({ caseId: id, status: 'completed', variables: { stamped: true } });
      }
      // Every firing is its own case in the trace, keyed by the workflow id.
      const traced = await h.db.collection('trace_events').distinct('caseId', { processId });
      expect(traced.sort()).toEqual([...ids].sort());
    } finally {
      await handle.delete().catch(() => undefined);
    }
  }, 40_000);

  it('when the same version is activated twice, then the one schedule is updated, not duplicated', async () => {
    const processId = `Daily_${uid()}`;
    const d = def(processId, 1, timerStartGraph(processId, 'R/P1D'));
    const first = await activateTimerStarts(h.client, d, { taskQueue: h.taskQueue });
    const second = await activateTimerStarts(h.client, { ...d, graph: timerStartGraph(processId, 'R/PT12H') }, { taskQueue: h.taskQueue });
    expect(second.active).toEqual(first.active);
    const desc = await h.client.schedule.getHandle(first.active[0]).describe();
    expect(desc.spec.intervals).toEqual([{ every: 12 * 3_600_000, offset: 0 }]);
    await syncTimerStarts(h.client, [{ ...d, retired: true }], { taskQueue: h.taskQueue });
  });

  it('when a new version is deployed and then retired, then the schedules follow the live version', async () => {
    const processId = `Versions_${uid()}`;
    const v1 = def(processId, 1, timerStartGraph(processId, 'R/P1D'));
    const v2 = def(processId, 2, timerStartGraph(processId, 'R/P7D'));
    const opts = { taskQueue: h.taskQueue };
    expect(await syncTimerStarts(h.client, [v1], opts)).toMatchObject({ active: [scheduleIdFor(v1._id, 'tick')], removed: [] });
    expect(await syncTimerStarts(h.client, [v1, v2], opts)).toMatchObject({ active: [scheduleIdFor(v2._id, 'tick')], removed: [scheduleIdFor(v1._id, 'tick')] });
    await expect(h.client.schedule.getHandle(scheduleIdFor(v1._id, 'tick')).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    // Retiring v2 hands the timer start back to v1.
    expect(await syncTimerStarts(h.client, [v1, { ...v2, retired: true }], opts)).toMatchObject({ active: [scheduleIdFor(v1._id, 'tick')], removed: [scheduleIdFor(v2._id, 'tick')] });
    expect(await syncTimerStarts(h.client, [{ ...v1, retired: true }, { ...v2, retired: true }], opts)).toMatchObject({ active: [], removed: [scheduleIdFor(v1._id, 'tick')] });
    await expect(h.client.schedule.getHandle(scheduleIdFor(v1._id, 'tick')).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });

  it('when the stored versions of a process are synced (the deploy and retire hook), then the newest live one owns the schedule', async () => {
    const processId = `Stored_${uid()}`;
    const Definitions = definitions(h.db);
    const doc = (version: number, retired: boolean) => ({
      _id: `${processId}:${version}`,
      processId,
      version,
      xml: '<x/>',
      xmlHash: `${processId}-${version}`,
      graph: timerStartGraph(processId, 'R/P1D'),
      calledGraphs: {},
      warnings: [],
      author: 'test',
      retired,
    });
    await Definitions.create([doc(1, false), doc(2, false)]);
    const opts = { taskQueue: h.taskQueue };
    expect(await syncProcessTimerStarts(h.db, h.client, processId, opts)).toMatchObject({ active: [scheduleIdFor(`${processId}:2`, 'tick')] });
    await Definitions.updateOne({ _id: `${processId}:2` }, { $set: { retired: true } });
    await Definitions.updateOne({ _id: `${processId}:1` }, { $set: { retired: true } });
    expect(await syncProcessTimerStarts(h.db, h.client, processId, opts)).toEqual({ active: [], skipped: [], removed: [scheduleIdFor(`${processId}:2`, 'tick')] });
  });

  it('when a start date has passed, then no schedule is created and the reason is given', async () => {
    const processId = `Past_${uid()}`;
    const d = def(processId, 1, timerStartGraph(processId, '2020-01-01T00:00:00Z', 'date'));
    const sync = await activateTimerStarts(h.client, d, { taskQueue: h.taskQueue });
    expect(sync.active).toEqual([]);
    expect(sync.skipped).toEqual([{ definitionId: d._id, startEventId: 'tick', reason: expect.stringMatching(/2020-01-01T00:00:00.000Z has passed/) }]);
  });
});

describe('message start events through signal-with-start', () => {
  const orderGraph = (processId: string): CompiledProcess =>
    new GraphBuilder(processId)
      .el('placed', 'bpmn:StartEvent', { event: { kind: 'message', messageName: 'order-placed', correlationKey: 'orderId' } })
      .el('paid', 'bpmn:ReceiveTask', { event: { kind: 'message', messageName: 'order-paid', correlationKey: 'orderId' } })
      .user('ship', { assignee: 'ann' })
      .end()
      .chain('placed', 'paid', 'ship', 'end')
      .build();

  it('when a start message arrives twice with one key, then one case starts and the second message reaches it', async () => {
    const processId = `Order_${uid()}`;
    const d = def(processId, 1, orderGraph(processId));
    const req = { taskQueue: h.taskQueue, definition: d, messageName: 'order-placed', correlationKey: `o-${uid()}` };
    const first = await startOrCorrelate(h.client, { ...req, variables: { amount: 40 } });
    expect(first.started).toBe(true);
    const handle = h.client.workflow.getHandle(first.caseId);
    const waiting = await h.waitFor(handle, (s) => s.tokens.some((t) => t.elementId === 'paid'));
    // The start message was consumed by the start event: its variables and key are in the case, nothing is left over.
    expect(waiting.variables).toEqual({ amount: 40, orderId: req.correlationKey });
    const again = await startOrCorrelate(h.client, { ...req, variables: { note: 'duplicate' } });
    expect(again).toEqual({ caseId: first.caseId, started: false });
    // A message for another key does not pay this order; the right one does.
    await handle.signal(messageSignal, { name: 'order-paid', correlationKey: 'other', variables: {} });
    await handle.signal(messageSignal, { name: 'order-paid', correlationKey: req.correlationKey, variables: { paidAt: 'today' } });
    const shipping = await h.waitFor(handle, (s) => s.openTasks.length === 1);
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: shipping.openTasks[0], actor: 'ann', data: {} }] });
    const result = (await handle.result()) as ProcessResult;
    expect(result.status).toBe('completed');
    expect(result.variables).toMatchObject({ amount: 40, paidAt: 'today', orderId: req.correlationKey });
    // After the case ended, the key cannot start a second case with the same id.
    await expect(startOrCorrelate(h.client, req)).rejects.toBeInstanceOf(CaseClosedError);
  });

  it('when two senders race with a new key, then exactly one of them starts the case', async () => {
    const processId = `Race_${uid()}`;
    const d = def(processId, 1, orderGraph(processId));
    const req = { taskQueue: h.taskQueue, definition: d, messageName: 'order-placed', correlationKey: `r-${uid()}` };
    const outcomes = await Promise.all([startOrCorrelate(h.client, req), startOrCorrelate(h.client, req), startOrCorrelate(h.client, req)]);
    expect(new Set(outcomes.map((o) => o.caseId)).size).toBe(1);
    expect(outcomes.filter((o) => o.started)).toHaveLength(1);
    await h.client.workflow.getHandle(outcomes[0].caseId).terminate('test done');
  });

  it('when the message has no start event in the definition, then it is refused by name', async () => {
    const processId = `NoStart_${uid()}`;
    await expect(startOrCorrelate(h.client, { taskQueue: h.taskQueue, definition: def(processId, 1, orderGraph(processId)), messageName: 'order-paid', correlationKey: 'x' })).rejects.toThrow(
      NoMessageStartError,
    );
  });
});
