/**
 * Element behaviours that run without waiting for people or events: start/end, service tasks and
 * incidents, exclusive/parallel/inclusive gateways, terminate, links, the trace and read model.
 */
import { caseRecordModel } from '../../store/engine/case-record';
import { traceEventModel } from '../../store/engine/trace-event';
import { retryIncidentUpdate, skipUpdate } from '../../workflows/process/messages';
import { GraphBuilder } from './support/graph-builder';
import { createHarness, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('wf-basics');
}, 120_000);
afterAll(async () => h?.close());

describe('none start and end events', () => {
  it('when a case has start → end, then it completes and the trace is stored in order', async () => {
    const graph = new GraphBuilder().start().end().chain('start', 'end').build();
    const handle = await h.start(graph, { caseId: `basics-none-${Date.now()}` });
    const result = await handle.result();
    expect(result.status).toBe('completed');
    const events = await traceEventModel(h.db).find({ caseId: handle.workflowId }).sort({ seq: 1 }).lean();
    expect(events.map((e) => `${e.elementId}:${e.lifecycle}`)).toEqual(['start:start', 'start:complete', 'end:start', 'end:complete']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    const record = await caseRecordModel(h.db).findOne({ caseId: handle.workflowId }).lean();
    expect(record?.status).toBe('completed');
    expect(record?.endedAt).toBeDefined();
  });
});

describe('service task', () => {
  it('when the handler returns variables, then they are merged via output mappings', async () => {
    const graph = new GraphBuilder()
      .start()
      .service('echo', 'echo', { inputs: [{ source: 'n * 2', target: 'doubled' }], outputs: [{ source: 'doubled + 1', target: 'result' }] })
      .service('set', 'set-variables', { headers: { flag: 'true', label: 'hello' } })
      .end()
      .chain('start', 'echo', 'set', 'end')
      .build();
    const result = await h.run(graph, { variables: { n: 20 } });
    expect(result.status).toBe('completed');
    expect(result.variables).toMatchObject({ n: 20, result: 41, flag: true, label: 'hello' });
  });

  it('when retries are exhausted, then an incident is raised and the token waits; retry then skip resolves it', async () => {
    const graph = new GraphBuilder()
      .start()
      .service('bad', 'fail', { headers: { message: 'boom' }, retry: { maximumAttempts: 2, initialInterval: 'PT0.1S', backoffCoefficient: 1 } })
      .end()
      .chain('start', 'bad', 'end')
      .build();
    const handle = await h.start(graph);
    let s = await h.waitFor(handle, (x) => x.incidents.length === 1);
    expect(s.status).toBe('running');
    expect(s.incidents[0]).toMatchObject({ elementId: 'bad', kind: 'service-task-failed' });
    expect(s.incidents[0].message).toContain('boom');
    expect(s.tokens[0]).toMatchObject({ elementId: 'bad', state: 'incident' });
    const first = s.incidents[0].id;

    await handle.executeUpdate(retryIncidentUpdate, { args: [{ incidentId: first, actor: 'op', reason: 'try again' }] });
    s = await h.waitFor(handle, (x) => x.incidents.length === 1 && x.incidents[0].id !== first);
    await expect(
      handle.executeUpdate(retryIncidentUpdate, { args: [{ incidentId: 'nope', actor: 'op', reason: 'x' }] }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/no open incident/) } });

    await handle.executeUpdate(skipUpdate, { args: [{ tokenId: s.tokens[0].id, actor: 'op', reason: 'done by hand', output: { manual: 1 } }] });
    const result = await handle.result();
    expect(result.status).toBe('completed');
    expect(result.variables).toMatchObject({ manual: 1 });
    const final = await h.state(handle);
    expect(final.trail.find((t) => t.lifecycle === 'skip')).toMatchObject({ elementId: 'bad', actor: 'op', reason: 'done by hand' });
  });

  it('when no handler is registered for the type, then an incident names it without retrying', async () => {
    const graph = new GraphBuilder().start().service('x', 'no-such-handler').end().chain('start', 'x', 'end').build();
    const handle = await h.start(graph);
    const s = await h.waitFor(handle, (x) => x.incidents.length === 1);
    expect(s.incidents[0].message).toContain('HandlerNotFound');
    await handle.terminate();
  });
});

describe('exclusive gateway', () => {
  const graph = new GraphBuilder()
    .start()
    .el('gw', 'bpmn:ExclusiveGateway')
    .service('high', 'set-variables', { headers: { path: '"high"' } })
    .service('low', 'set-variables', { headers: { path: '"low"' } })
    .end('endHigh')
    .end('endLow')
    .chain('start', 'gw')
    .flow('gw', 'high', 'amount > 100')
    .flow('gw', 'low')
    .defaultFlow('gw', 'Flow_gw_low')
    .chain('high', 'endHigh')
    .chain('low', 'endLow')
    .build();

  it('when a condition holds, then its flow is taken', async () => {
    expect((await h.run(graph, { variables: { amount: 500 } })).variables.path).toBe('high');
  });
  it('when no condition holds, then the default flow is taken', async () => {
    expect((await h.run(graph, { variables: { amount: 5 } })).variables.path).toBe('low');
  });
  it('when no condition holds and there is no default, then an incident is raised', async () => {
    const noDefault = new GraphBuilder().start().el('gw', 'bpmn:ExclusiveGateway').end().chain('start', 'gw').flow('gw', 'end', 'x = 1').build();
    const handle = await h.start(noDefault, { variables: { x: 2 } });
    const s = await h.waitFor(handle, (x) => x.incidents.length === 1);
    expect(s.incidents[0]).toMatchObject({ kind: 'no-flow-taken', elementId: 'gw' });
    await handle.terminate();
  });
  it('when a condition does not parse, then an expression incident names the expression', async () => {
    const bad = new GraphBuilder().start().el('gw', 'bpmn:ExclusiveGateway').end().chain('start', 'gw').flow('gw', 'end', 'amount >').build();
    const handle = await h.start(bad, { variables: { amount: 1 } });
    const s = await h.waitFor(handle, (x) => x.incidents.length === 1);
    expect(s.incidents[0]).toMatchObject({ kind: 'expression-failed', expression: 'amount >' });
    await handle.terminate();
  });
});

describe('parallel gateway', () => {
  it('when the flow splits in three, then the join waits for all and continues once', async () => {
    const b = new GraphBuilder().start().el('split', 'bpmn:ParallelGateway').el('join', 'bpmn:ParallelGateway').end().chain('start', 'split');
    for (const k of ['a', 'b', 'c']) b.service(k, 'set-variables', { headers: { [k]: '1' } }).chain('split', k, 'join');
    const graph = b.service('after', 'echo').chain('join', 'after', 'end').build();
    const handle = await h.start(graph);
    const result = await handle.result();
    expect(result.variables).toMatchObject({ a: 1, b: 1, c: 1 });
    const s = await h.state(handle);
    expect(s.trail.filter((t) => t.elementId === 'after' && t.lifecycle === 'start')).toHaveLength(1);
    expect(s.trail.filter((t) => t.elementId === 'end' && t.lifecycle === 'complete')).toHaveLength(1);
  });
});

describe('inclusive gateway', () => {
  const build = (): ReturnType<GraphBuilder['build']> =>
    new GraphBuilder()
      .start()
      .el('split', 'bpmn:InclusiveGateway')
      .el('join', 'bpmn:InclusiveGateway')
      .service('sms', 'set-variables', { headers: { sms: 'true' } })
      .service('mail', 'set-variables', { headers: { mail: 'true' } })
      .el('waitMail', 'bpmn:IntermediateCatchEvent', { event: { kind: 'timer', timer: { kind: 'duration', expression: 'PT0.5S' } } })
      .service('after', 'echo')
      .end()
      .chain('start', 'split')
      .flow('split', 'sms', 'wantSms')
      .flow('split', 'mail', 'wantMail')
      .chain('sms', 'join')
      .chain('mail', 'waitMail', 'join')
      .chain('join', 'after', 'end')
      .build();

  it('when both branches are taken, then the OR-join waits for the slower one and continues once', async () => {
    const handle = await h.start(build(), { variables: { wantSms: true, wantMail: true } });
    const result = await handle.result();
    expect(result.variables).toMatchObject({ sms: true, mail: true });
    const s = await h.state(handle);
    expect(s.trail.filter((t) => t.elementId === 'after' && t.lifecycle === 'start')).toHaveLength(1);
    const afterSeq = s.trail.find((t) => t.elementId === 'after')!.seq;
    const mailSeq = s.trail.find((t) => t.elementId === 'waitMail' && t.lifecycle === 'complete')!.seq;
    expect(afterSeq).toBeGreaterThan(mailSeq);
  });

  it('when only one branch is taken, then the OR-join does not wait for the other', async () => {
    const result = await h.run(build(), { variables: { wantSms: true, wantMail: false } });
    expect(result.status).toBe('completed');
    expect(result.variables).toMatchObject({ sms: true });
    expect(result.variables.mail).toBeUndefined();
  });
});

describe('terminate end event', () => {
  it('when one branch reaches a terminate end, then the other tokens are cancelled and the case is terminated', async () => {
    const graph = new GraphBuilder()
      .start()
      .el('split', 'bpmn:ParallelGateway')
      .user('review')
      .end('stop', { kind: 'terminate' })
      .end()
      .chain('start', 'split')
      .chain('split', 'review', 'end')
      .chain('split', 'stop')
      .build();
    const handle = await h.start(graph);
    const result = await handle.result();
    expect(result.status).toBe('terminated');
    const s = await h.state(handle);
    expect(s.tokens).toHaveLength(0);
    expect(s.trail.some((t) => t.elementId === 'review' && t.lifecycle === 'cancel')).toBe(true);
  });
});

describe('link events', () => {
  it('when a token reaches a link throw, then it continues at the link catch of the same name', async () => {
    const graph = new GraphBuilder()
      .start()
      .el('throw', 'bpmn:IntermediateThrowEvent', { event: { kind: 'link', linkName: 'L' } })
      .catchEvent('catch', { kind: 'link', linkName: 'L' })
      .service('after', 'set-variables', { headers: { linked: 'true' } })
      .end()
      .chain('start', 'throw')
      .chain('catch', 'after', 'end')
      .build();
    const result = await h.run(graph);
    expect(result.variables.linked).toBe(true);
  });
});

describe('conditional flows out of an activity', () => {
  it('when a service task sets the variable its outgoing conditions test, then the conditions see its output', async () => {
    const graph = new GraphBuilder()
      .start()
      .service('decide', 'set-variables', { headers: { approved: 'true' } })
      .end('yes')
      .end('no')
      .chain('start', 'decide')
      .flow('decide', 'yes', 'approved = true')
      .flow('decide', 'no', 'approved != true')
      .build();
    const handle = await h.start(graph, { variables: { approved: false } });
    const result = await handle.result();
    expect(result.variables).toEqual({ approved: true });
    const trail = (await h.state(handle)).trail.filter((e) => e.lifecycle === 'complete').map((e) => e.elementId);
    expect(trail).toEqual(['start', 'decide', 'yes']);
  });
});
