/**
 * Scopes: embedded subprocesses, error end events caught by boundary events, call activities,
 * multi-instance (parallel and sequential) and standard loops.
 */
import type { CompiledProcess } from '../../core/bpmn/graph';
import { completeTaskUpdate, messageSignal } from '../../workflows/process/messages';
import { GraphBuilder } from './support/graph-builder';
import { createHarness, type Harness } from './support/harness';
import { saveHistory } from './support/histories';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('wf-sub');
}, 120_000);
afterAll(async () => h?.close());

describe('embedded subprocess', () => {
  it('when the subprocess runs to its end, then the parent continues after it', async () => {
    const graph = new GraphBuilder()
      .start()
      .el('sub', 'bpmn:SubProcess')
      .start('subStart', 'sub')
      .el('inner', 'bpmn:ServiceTask', { scope: 'sub', task: { type: 'set-variables', inputs: [], outputs: [], headers: { inner: 'true' } } })
      .end('subEnd', { kind: 'none' }, 'sub')
      .service('after', 'set-variables', { headers: { after: 'true' } })
      .end()
      .chain('start', 'sub', 'after', 'end')
      .chain('subStart', 'inner', 'subEnd')
      .build();
    const handle = await h.start(graph);
    const result = await handle.result();
    expect(result.variables).toMatchObject({ inner: true, after: true });
    await saveHistory(h, handle.workflowId, 'subprocess');
  });

  it('when an error end event is reached inside, then the error boundary on the subprocess catches it and the inner tokens are cancelled', async () => {
    const graph = new GraphBuilder()
      .start()
      .el('sub', 'bpmn:SubProcess')
      .start('subStart', 'sub')
      .el('fork', 'bpmn:ParallelGateway', { scope: 'sub' })
      .el('wait', 'bpmn:UserTask', { scope: 'sub', task: { inputs: [], outputs: [], assignee: 'ann' } })
      .end('fail', { kind: 'error', errorCode: 'NO_STOCK' }, 'sub')
      .end('subEnd', { kind: 'none' }, 'sub')
      .boundary('onError', 'sub', { kind: 'error', errorCode: 'NO_STOCK' })
      .service('handle', 'set-variables', { headers: { handled: 'true' } })
      .end()
      .end('end2')
      .chain('start', 'sub', 'end')
      .chain('subStart', 'fork')
      .chain('fork', 'wait', 'subEnd')
      .chain('fork', 'fail')
      .chain('onError', 'handle', 'end2')
      .build();
    const handle = await h.start(graph);
    const result = await handle.result();
    expect(result.status).toBe('completed');
    expect(result.variables.handled).toBe(true);
    const trail = (await h.state(handle)).trail;
    expect(trail.some((t) => t.elementId === 'wait' && t.lifecycle === 'cancel')).toBe(true);
    expect(trail.some((t) => t.elementId === 'sub' && t.lifecycle === 'cancel')).toBe(true);
    await saveHistory(h, handle.workflowId, 'error-boundary');
  });

  it('when an error is not caught anywhere, then the case fails with the error outcome', async () => {
    const graph = new GraphBuilder().start().end('fail', { kind: 'error', errorCode: 'E1' }).chain('start', 'fail').build();
    const result = await h.run(graph);
    expect(result).toMatchObject({ status: 'failed', outcome: { kind: 'error', code: 'E1' } });
  });
});

describe('call activity', () => {
  it('when a call activity runs, then the called process runs as a child case with mapped variables', async () => {
    const child: CompiledProcess = new GraphBuilder('Process_child')
      .start()
      .service('work', 'echo', { outputs: [{ source: 'x * 10', target: 'y' }] })
      .end()
      .chain('start', 'work', 'end')
      .build();
    const parent = new GraphBuilder()
      .start()
      .el('call', 'bpmn:CallActivity', {
        calledElement: 'Process_child',
        task: { inputs: [{ source: 'n + 1', target: 'x' }], outputs: [{ source: 'y', target: 'fromChild' }] },
      })
      .end()
      .chain('start', 'call', 'end')
      .build();
    const result = await h.run(parent, { variables: { n: 4 }, calledGraphs: { Process_child: child } });
    expect(result.variables.fromChild).toBe(50);
  });
});

describe('multi-instance and loops', () => {
  it('when a parallel multi-instance task runs over a collection, then outputs are collected in order', async () => {
    const graph = new GraphBuilder()
      .start()
      .service('each', 'echo', { outputs: [{ source: 'item * 2', target: 'double' }] }, {
        multiInstance: { sequential: false, collection: 'items', elementVariable: 'item', outputCollection: 'doubles', outputElement: 'double' },
      })
      .end()
      .chain('start', 'each', 'end')
      .build();
    const handle = await h.start(graph, { variables: { items: [1, 2, 3] } });
    expect((await handle.result()).variables.doubles).toEqual([2, 4, 6]);
    await saveHistory(h, handle.workflowId, 'multi-instance');
  });

  it('when a sequential multi-instance task has a completion condition, then it stops early', async () => {
    const graph = new GraphBuilder()
      .start()
      .service('each', 'echo', { outputs: [{ source: 'loopCounter', target: 'n' }] }, {
        multiInstance: { sequential: true, cardinality: '5', outputCollection: 'ns', outputElement: 'n', completionCondition: 'nrOfCompletedInstances >= 2' },
      })
      .end()
      .chain('start', 'each', 'end')
      .build();
    expect((await h.run(graph)).variables.ns).toEqual([1, 2, null, null, null]);
  });

  it('when a standard loop has a condition, then the task repeats while it holds', async () => {
    const graph = new GraphBuilder()
      .start()
      .service('inc', 'echo', { outputs: [{ source: 'count + 1', target: 'count' }] }, { loop: { testBefore: false, condition: 'count < 3', maximum: 10 } })
      .end()
      .chain('start', 'inc', 'end')
      .build();
    expect((await h.run(graph, { variables: { count: 0 } })).variables.count).toBe(3);
  });
});

describe('event subprocess', () => {
  const build = (interrupting: boolean): CompiledProcess =>
    new GraphBuilder()
      .start()
      .user('work', { assignee: 'ann' })
      .end()
      .chain('start', 'work', 'end')
      .el('onMsg', 'bpmn:SubProcess', { triggeredByEvent: true })
      .el('onMsgStart', 'bpmn:StartEvent', { scope: 'onMsg', event: { kind: 'message', messageName: 'cancelOrder' }, isInterrupting: interrupting })
      .el('react', 'bpmn:ServiceTask', { scope: 'onMsg', task: { type: 'set-variables', inputs: [], outputs: [], headers: { reacted: 'true' } } })
      .end('onMsgEnd', { kind: 'none' }, 'onMsg')
      .chain('onMsgStart', 'react', 'onMsgEnd')
      .build();

  it('when an interrupting message start fires, then the scope tokens are cancelled and the event subprocess runs', async () => {
    const handle = await h.start(build(true));
    await h.waitFor(handle, (x) => x.openTasks.length === 1);
    await handle.signal(messageSignal, { name: 'cancelOrder' });
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'completed', variables: { reacted: true } });
    const trail = (await h.state(handle)).trail;
    expect(trail.some((t) => t.elementId === 'work' && t.lifecycle === 'cancel')).toBe(true);
    await saveHistory(h, handle.workflowId, 'event-subprocess');
  });

  it('when a non-interrupting message start fires, then the event subprocess runs beside the main flow', async () => {
    const handle = await h.start(build(false));
    const s = await h.waitFor(handle, (x) => x.openTasks.length === 1);
    await handle.signal(messageSignal, { name: 'cancelOrder' });
    await h.waitFor(handle, (x) => x.variables.reacted === true);
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: s.openTasks[0], actor: 'ann', data: {} }] });
    expect((await handle.result()).status).toBe('completed');
  });

  it('when an error end event is reached and an error event subprocess catches it, then the case completes through it', async () => {
    const graph = new GraphBuilder()
      .start()
      .end('fail', { kind: 'error', errorCode: 'E2' })
      .chain('start', 'fail')
      .el('onErr', 'bpmn:SubProcess', { triggeredByEvent: true })
      .el('onErrStart', 'bpmn:StartEvent', { scope: 'onErr', event: { kind: 'error', errorCode: 'E2' }, isInterrupting: true })
      .el('recover', 'bpmn:ServiceTask', { scope: 'onErr', task: { type: 'set-variables', inputs: [], outputs: [], headers: { recovered: 'true' } } })
      .end('onErrEnd', { kind: 'none' }, 'onErr')
      .chain('onErrStart', 'recover', 'onErrEnd')
      .build();
    expect(await h.run(graph)).toMatchObject({ status: 'completed', variables: { recovered: true } });
  });
});

describe('escalation', () => {
  it('when a subprocess throws an escalation caught by a non-interrupting boundary, then both paths continue', async () => {
    const graph = new GraphBuilder()
      .start()
      .el('sub', 'bpmn:SubProcess')
      .start('subStart', 'sub')
      .el('esc', 'bpmn:IntermediateThrowEvent', { scope: 'sub', event: { kind: 'escalation', escalationCode: 'LATE' } })
      .el('rest', 'bpmn:ServiceTask', { scope: 'sub', task: { type: 'set-variables', inputs: [], outputs: [], headers: { rest: 'true' } } })
      .end('subEnd', { kind: 'none' }, 'sub')
      .boundary('onLate', 'sub', { kind: 'escalation', escalationCode: 'LATE' }, false)
      .service('inform', 'set-variables', { headers: { informed: 'true' } })
      .end()
      .end('end2')
      .chain('start', 'sub', 'end')
      .chain('subStart', 'esc', 'rest', 'subEnd')
      .chain('onLate', 'inform', 'end2')
      .build();
    expect(await h.run(graph)).toMatchObject({ status: 'completed', variables: { rest: true, informed: true } });
  });

  it('when an escalation end event is caught by an interrupting boundary, then the boundary path is taken', async () => {
    const graph = new GraphBuilder()
      .start()
      .el('sub', 'bpmn:SubProcess')
      .start('subStart', 'sub')
      .end('subEsc', { kind: 'escalation', escalationCode: 'UP' }, 'sub')
      .boundary('onUp', 'sub', { kind: 'escalation', escalationCode: 'UP' })
      .service('mgr', 'set-variables', { headers: { escalated: 'true' } })
      .service('normal', 'set-variables', { headers: { normal: 'true' } })
      .end()
      .end('end2')
      .chain('start', 'sub', 'normal', 'end')
      .chain('subStart', 'subEsc')
      .chain('onUp', 'mgr', 'end2')
      .build();
    const result = await h.run(graph);
    expect(result.variables.escalated).toBe(true);
    expect(result.variables.normal).toBeUndefined();
  });
});
