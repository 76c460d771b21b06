/**
 * Elements that wait: user tasks, timers, messages, receive tasks, signals, event-based gateways,
 * boundary events, and operator updates (cancel, move) on waiting tokens.
 */
import { taskModel } from '../../store/engine/task';
import {
  bpmnSignal,
  cancelUpdate,
  completeTaskUpdate,
  messageSignal,
  moveTokenUpdate,
} from '../../workflows/process/messages';
import { GraphBuilder, userTaskWithTimeout } from './support/graph-builder';
import { createHarness, type Harness } from './support/harness';
import { saveHistory } from './support/histories';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('wf-wait');
}, 120_000);
afterAll(async () => h?.close());

const timer = (expression: string) => ({ kind: 'timer' as const, timer: { kind: 'duration' as const, expression } });
const updateError = (p: Promise<unknown>, re: RegExp) => expect(p).rejects.toMatchObject({ cause: { message: expect.stringMatching(re) } });

describe('user task', () => {
  const form = { components: [{ key: 'decision', type: 'textfield', validate: { required: true } }] };
  const graph = new GraphBuilder()
    .start()
    .user('approve', { candidateGroups: ['managers'], form, outputs: [{ source: 'decision = "yes"', target: 'approved' }] })
    .end()
    .chain('start', 'approve', 'end')
    .build();

  it('when the task is completed by a member of a candidate group with the required data, then the case continues', async () => {
    const handle = await h.start(graph);
    const s = await h.waitFor(handle, (x) => x.openTasks.length === 1);
    const taskId = s.openTasks[0];
    expect(s.tokens[0]).toMatchObject({ state: 'waiting', waitingFor: 'task', taskId });
    const doc = await taskModel(h.db).findOne({ taskId }).lean();
    expect(doc).toMatchObject({ status: 'open', candidateGroups: ['managers'] });

    await updateError(handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: 'eve', actorGroups: ['clerks'], data: { decision: 'yes' } }] }), /may not complete/);
    await updateError(handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: 'ann', actorGroups: ['managers'], data: {} }] }), /required form fields missing: decision/);
    await updateError(handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: 'nope', actor: 'ann', data: {} }] }), /not open/);
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: 'ann', actorGroups: ['managers'], data: { decision: 'yes' } }] });

    const result = await handle.result();
    expect(result.variables).toMatchObject({ approved: true });
    const closed = await taskModel(h.db).findOne({ taskId }).lean();
    expect(closed).toMatchObject({ status: 'completed', completedBy: 'ann' });
    await saveHistory(h, handle.workflowId, 'user-task');
  });
});

describe('timer intermediate catch event', () => {
  it('when the token reaches a PT1S timer, then it waits about a second and shows the due time', async () => {
    const graph = new GraphBuilder().start().catchEvent('wait', timer('PT1S')).end().chain('start', 'wait', 'end').build();
    const started = Date.now();
    const handle = await h.start(graph);
    const s = await h.waitFor(handle, (x) => x.tokens[0]?.waitingFor === 'timer');
    expect(s.tokens[0].dueAt).toBeDefined();
    await handle.result();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await saveHistory(h, handle.workflowId, 'timer');
  });

  it('when the timer is a FEEL expression, then its value is used', async () => {
    const graph = new GraphBuilder().start().catchEvent('wait', timer('=delay')).end().chain('start', 'wait', 'end').build();
    expect((await h.run(graph, { variables: { delay: 'PT0.2S' } })).status).toBe('completed');
  });
});

describe('message catch event and receive task', () => {
  const graph = new GraphBuilder()
    .start()
    .catchEvent('reply', { kind: 'message', messageName: 'customerReply', correlationKey: 'orderId' })
    .el('ack', 'bpmn:ReceiveTask', { event: { kind: 'message', messageName: 'ack' } })
    .end()
    .chain('start', 'reply', 'ack', 'end')
    .build();

  it('when a message with the right name and correlation key arrives, then the token moves on with its variables', async () => {
    const handle = await h.start(graph, { variables: { orderId: 'o-7' } });
    await h.waitFor(handle, (x) => x.tokens[0]?.waitingFor === 'message');
    await handle.signal(messageSignal, { name: 'customerReply', correlationKey: 'o-8', variables: { text: 'wrong' } });
    await handle.signal(messageSignal, { name: 'customerReply', correlationKey: 'o-7', variables: { text: 'hello' } });
    await h.waitFor(handle, (x) => x.tokens[0]?.elementId === 'ack');
    await handle.signal(messageSignal, { name: 'ack' });
    const result = await handle.result();
    expect(result.variables.text).toBe('hello');
  });
});

describe('signal events', () => {
  it('when a signal is thrown in the case, then a waiting signal catch continues', async () => {
    const graph = new GraphBuilder()
      .start()
      .el('split', 'bpmn:ParallelGateway')
      .catchEvent('waitGo', { kind: 'signal', signalName: 'go' })
      .catchEvent('delay', timer('PT0.3S'))
      .el('throwGo', 'bpmn:IntermediateThrowEvent', { event: { kind: 'signal', signalName: 'go' } })
      .end('end1')
      .end('end2')
      .chain('start', 'split')
      .chain('split', 'waitGo', 'end1')
      .chain('split', 'delay', 'throwGo', 'end2')
      .build();
    expect((await h.run(graph)).status).toBe('completed');
  });

  it('when a signal is sent from outside, then a waiting signal catch continues with its variables', async () => {
    const graph = new GraphBuilder().start().catchEvent('waitGo', { kind: 'signal', signalName: 'go' }).end().chain('start', 'waitGo', 'end').build();
    const handle = await h.start(graph);
    await h.waitFor(handle, (x) => x.tokens[0]?.waitingFor === 'signal');
    await handle.signal(bpmnSignal, { name: 'go', variables: { went: true } });
    expect((await handle.result()).variables.went).toBe(true);
  });
});

describe('event-based gateway', () => {
  const graph = new GraphBuilder()
    .start()
    .el('gw', 'bpmn:EventBasedGateway')
    .catchEvent('answer', { kind: 'message', messageName: 'answer' })
    .catchEvent('timeout', timer('PT1S'))
    .service('answered', 'set-variables', { headers: { outcome: '"answered"' } })
    .service('timedOut', 'set-variables', { headers: { outcome: '"timeout"' } })
    .end('e1')
    .end('e2')
    .chain('start', 'gw')
    .chain('gw', 'answer', 'answered', 'e1')
    .chain('gw', 'timeout', 'timedOut', 'e2')
    .build();

  it('when the message comes first, then the message path is taken and the timer is withdrawn', async () => {
    const handle = await h.start(graph);
    await h.waitFor(handle, (x) => x.tokens[0]?.waitingFor === 'event-gateway');
    await handle.signal(messageSignal, { name: 'answer' });
    expect((await handle.result()).variables.outcome).toBe('answered');
    await saveHistory(h, handle.workflowId, 'event-gateway');
  });

  it('when nothing arrives, then the timer path is taken', async () => {
    expect((await h.run(graph)).variables.outcome).toBe('timeout');
  });
});

describe('boundary events', () => {
  it('when an interrupting timer fires on a user task, then the task is cancelled and the boundary path is taken', async () => {
    const handle = await h.start(userTaskWithTimeout('PT0.5S'));
    const result = await handle.result();
    expect(result.variables.escalated).toBe(true);
    const tasks = await taskModel(h.db).find({ caseId: handle.workflowId }).lean();
    expect(tasks.map((t) => t.status)).toEqual(['cancelled']);
    await saveHistory(h, handle.workflowId, 'boundary-timer');
  });

  it('when a non-interrupting message arrives, then a second token runs and the activity goes on', async () => {
    const graph = new GraphBuilder()
      .start()
      .user('call', { assignee: 'ann' })
      .boundary('note', 'call', { kind: 'message', messageName: 'note' }, false)
      .service('log', 'set-variables', { headers: { noted: 'true' } })
      .end()
      .end('end2')
      .chain('start', 'call', 'end')
      .chain('note', 'log', 'end2')
      .build();
    const handle = await h.start(graph);
    const s = await h.waitFor(handle, (x) => x.openTasks.length === 1);
    await handle.signal(messageSignal, { name: 'note' });
    await h.waitFor(handle, (x) => x.variables.noted === true);
    expect((await h.state(handle)).openTasks).toHaveLength(1);
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: s.openTasks[0], actor: 'ann', data: {} }] });
    expect((await handle.result()).status).toBe('completed');
  });

  it('when a handler throws a BPMN error, then the error boundary event catches it', async () => {
    const graph = new GraphBuilder()
      .start()
      .service('charge', 'bpmn-error', { headers: { code: 'CARD_DECLINED' } })
      .boundary('declined', 'charge', { kind: 'error', errorCode: 'CARD_DECLINED' })
      .service('notify', 'set-variables', { headers: { declined: 'true' } })
      .end()
      .end('end2')
      .chain('start', 'charge', 'end')
      .chain('declined', 'notify', 'end2')
      .build();
    expect((await h.run(graph)).variables.declined).toBe(true);
  });
});

describe('operator updates on waiting tokens', () => {
  const graph = new GraphBuilder()
    .start()
    .user('first', { assignee: 'ann' })
    .service('second', 'set-variables', { headers: { reachedSecond: 'true' } })
    .end()
    .chain('start', 'first', 'second', 'end')
    .build();

  it('when an operator moves a waiting token, then it leaves the task and continues at the target with actor and reason on the trail', async () => {
    const handle = await h.start(graph);
    const s = await h.waitFor(handle, (x) => x.openTasks.length === 1);
    await updateError(handle.executeUpdate(moveTokenUpdate, { args: [{ tokenId: s.tokens[0].id, targetElementId: 'nowhere', actor: 'op', reason: 'x' }] }), /no element/);
    await handle.executeUpdate(moveTokenUpdate, { args: [{ tokenId: s.tokens[0].id, targetElementId: 'second', actor: 'op', reason: 'customer called back' }] });
    const result = await handle.result();
    expect(result.variables.reachedSecond).toBe(true);
    const trail = (await h.state(handle)).trail;
    expect(trail.find((t) => t.lifecycle === 'move')).toMatchObject({ elementId: 'first', actor: 'op', reason: 'customer called back' });
    expect((await taskModel(h.db).findOne({ caseId: handle.workflowId }).lean())?.status).toBe('cancelled');
  });

  it('when an operator cancels the case, then every token is cancelled and the status is cancelled', async () => {
    const handle = await h.start(graph);
    await h.waitFor(handle, (x) => x.openTasks.length === 1);
    await updateError(handle.executeUpdate(cancelUpdate, { args: [{ actor: 'op', reason: '' }] }), /reason is required/);
    await handle.executeUpdate(cancelUpdate, { args: [{ actor: 'op', reason: 'duplicate complaint' }] });
    const result = await handle.result();
    expect(result.status).toBe('cancelled');
    const trail = (await h.state(handle)).trail;
    expect(trail.at(-1)).toMatchObject({ lifecycle: 'cancel', actor: 'op', reason: 'duplicate complaint' });
  });
});
