import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileBpmn } from '../../../core/bpmn';
import type { CompileResult, CompiledProcess, ModelProblem } from '../../../core/bpmn/graph';

const fixture = (name: string): string => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const errors = (r: CompileResult): ModelProblem[] => r.problems.filter((p) => p.severity === 'error');

async function compileMain(name: string): Promise<{ result: CompileResult; main: CompiledProcess }> {
  const result = await compileBpmn(fixture(name));
  expect(errors(result)).toEqual([]);
  expect(result.main).toBeDefined();
  return { result, main: result.main! };
}

describe('compileBpmn: tp extensions', () => {
  it('when a service task carries tp:type, retries, mappings and headers, then the task spec holds them', async () => {
    const { main } = await compileMain('tp-extensions.bpmn');
    expect(main.elements.Classify).toEqual({
      id: 'Classify',
      type: 'bpmn:ServiceTask',
      name: 'Classify',
      scope: 'Process_complaint',
      incoming: ['F1'],
      outgoing: ['F2'],
      task: {
        type: 'classify-complaint',
        inputs: [{ source: 'complaint.text', target: 'text' }],
        outputs: [{ source: 'result.category', target: 'category' }],
        retry: { maximumAttempts: 5, initialInterval: '2s', backoffCoefficient: 3, maximumInterval: '1m' },
        headers: { channel: 'sms' },
      },
    });
  });

  it('when a user task carries tp assignment, skills, form and SLA attributes, then they are compiled', async () => {
    const { main } = await compileMain('tp-extensions.bpmn');
    expect(main.elements.Handle.task).toEqual({
      inputs: [],
      outputs: [],
      assignee: '=owner',
      candidateGroups: ['quality', 'care'],
      department: 'Quality',
      skills: ['german', 'complaints'],
      formKey: 'complaint-form',
      form: { components: [{ key: 'resolution', type: 'textfield' }] },
      dueDuration: 'P2D',
      slaDuration: 'PT8H',
      calendar: 'office',
    });
    expect(main.elements.Handle.boundaryEvents).toEqual(['SlaTimer']);
  });

  it('when a gateway has a zeebe-style condition and a default, then the leading = is stripped and the default kept', async () => {
    const { main } = await compileMain('tp-extensions.bpmn');
    expect(main.elements.Gw.defaultFlow).toBe('F_minor');
    expect(main.elements.Gw.outgoing).toEqual(['F_serious', 'F_minor']);
    expect(main.flows.F_serious).toEqual({
      id: 'F_serious',
      name: 'serious',
      source: 'Gw',
      target: 'Handle',
      condition: 'category = "serious"',
    });
    expect(main.flows.F_minor.condition).toBeUndefined();
  });

  it('when timers and messages are used, then durations, dates, calendars, names and correlation keys are resolved', async () => {
    const { main } = await compileMain('tp-extensions.bpmn');
    expect(main.elements.SlaTimer).toMatchObject({
      attachedTo: 'Handle',
      cancelActivity: false,
      event: { kind: 'timer', timer: { kind: 'duration', expression: 'PT8H' }, calendar: 'office' },
    });
    expect(main.elements.Until.event).toEqual({
      kind: 'timer',
      timer: { kind: 'date', expression: '2030-01-01T00:00:00Z' },
    });
    expect(main.elements.WaitReply.event).toEqual({
      kind: 'message',
      messageRef: 'Msg_reply',
      messageName: 'customer-reply',
      correlationKey: 'complaintId',
    });
  });

  it('when the same XML is compiled twice, then the output is identical and the hash is the SHA-256 of the XML', async () => {
    const xml = fixture('tp-extensions.bpmn');
    const a = await compileBpmn(xml);
    const b = await compileBpmn(xml);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const sha = createHash('sha256').update(xml, 'utf8').digest('hex');
    expect(a.xmlHash).toBe(sha);
    expect(a.main!.xmlHash).toBe(sha);
    expect(a.main!.schemaVersion).toBe(1);
    expect(JSON.parse(JSON.stringify(a.main))).toEqual(a.main);
  });
});

describe('compileBpmn: Camunda 7 and zeebe extensions', () => {
  it('when zeebe task definition, io mapping and headers are given, then they map onto the task spec', async () => {
    const { main } = await compileMain('zeebe-camunda.bpmn');
    expect(main.elements.Zeebe.task).toEqual({
      type: 'send-mail',
      inputs: [{ source: 'customer.email', target: 'to' }],
      outputs: [{ source: 'messageId', target: 'mailId' }],
      retry: { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2 },
      headers: { template: 'welcome' },
    });
  });

  it('when zeebe assignment and a linked form are given, then assignee, groups, form key and form are read', async () => {
    const { main } = await compileMain('zeebe-camunda.bpmn');
    expect(main.elements.ZeebeUser.task).toEqual({
      inputs: [],
      outputs: [],
      assignee: '=initiator',
      candidateGroups: ['agents', 'leads'],
      formKey: 'camunda-forms:bpmn:form1',
      form: { components: [] },
    });
  });

  it('when Camunda 7 attributes are given, then assignee, groups, formKey and external topic are read', async () => {
    const { main } = await compileMain('zeebe-camunda.bpmn');
    expect(main.elements.CamundaUser.task).toMatchObject({
      assignee: 'demo',
      candidateGroups: ['sales'],
      formKey: 'embedded:app:forms/a.html',
    });
    expect(main.elements.External.task!.type).toBe('charge-card');
  });

  it('when a call activity uses zeebe calledElement and loop characteristics, then they are compiled', async () => {
    const { main } = await compileMain('zeebe-camunda.bpmn');
    expect(main.elements.Call).toMatchObject({
      calledElement: 'child',
      multiInstance: {
        sequential: false,
        collection: 'items',
        elementVariable: 'item',
        outputCollection: 'results',
        outputElement: 'result',
        completionCondition: 'count(results) >= 2',
      },
    });
  });

  it('when vendor extensions have no equivalent, then each is reported as a tp/unsupported-extension warning', async () => {
    const { result } = await compileMain('zeebe-camunda.bpmn');
    const unsupported = result.problems.filter((p) => p.rule === 'tp/unsupported-extension');
    expect(unsupported.map((p) => [p.severity, p.elementId])).toEqual([
      ['warning', 'Zeebe'],
      ['warning', 'CamundaUser'],
    ]);
    expect(unsupported[1].message).toContain('camunda:asyncBefore');
  });
});

describe('compileBpmn: structure', () => {
  it('when subprocesses and event subprocesses are nested, then scopes record parents, children and starts', async () => {
    const { main } = await compileMain('structure.bpmn');
    expect(main.rootScope).toBe('Process_s');
    expect(main.scopes.Process_s).toMatchObject({
      kind: 'process',
      noneStartEvents: ['Start'],
      eventSubProcesses: ['OnCancel', 'OnStop'],
    });
    expect(main.scopes.Sub).toMatchObject({ kind: 'subProcess', parent: 'Process_s', noneStartEvents: ['SubStart'] });
    expect(main.scopes.OnCancel).toMatchObject({ kind: 'eventSubProcess', triggeredStartEvents: ['CancelStart'] });
    expect(main.elements.Sub.opensScope).toBe('Sub');
    expect(main.elements.OnCancel).toMatchObject({ triggeredByEvent: true, opensScope: 'OnCancel' });
    expect(main.elements.CancelStart.isInterrupting).toBe(false);
    expect(main.elements.StopStart.isInterrupting).toBe(true);
    expect(main.elements.Pay.scope).toBe('Sub');
  });

  it('when boundary events carry error and escalation refs, then codes and names are resolved', async () => {
    const { main } = await compileMain('structure.bpmn');
    expect(main.elements.Sub.boundaryEvents).toEqual(['OnError', 'OnLate']);
    expect(main.elements.OnError).toMatchObject({
      attachedTo: 'Sub',
      cancelActivity: true,
      event: { kind: 'error', errorRef: 'Err_fail', errorCode: 'PAY_FAIL', errorName: 'Payment failed' },
    });
    expect(main.elements.OnLate).toMatchObject({
      cancelActivity: false,
      event: { kind: 'escalation', escalationRef: 'Esc_late', escalationCode: 'LATE', escalationName: 'Late' },
    });
    expect(main.elements.LateEnd.event).toEqual({ kind: 'signal', signalRef: 'Sig_stop', signalName: 'stop-all' });
    expect(main.elements.End.event).toEqual({ kind: 'terminate' });
  });

  it('when a compensation boundary event is associated with a handler, then the handler is linked', async () => {
    const { main } = await compileMain('structure.bpmn');
    expect(main.elements.PayComp).toMatchObject({
      attachedTo: 'Pay',
      compensationHandler: 'Refund',
      event: { kind: 'compensate' },
    });
    expect(main.elements.Refund.isForCompensation).toBe(true);
    expect(main.elements.Compensate.event).toEqual({
      kind: 'compensate',
      activityRef: 'Pay',
      waitForCompletion: false,
    });
  });

  it('when link events share a name, then the catch is registered under its scope', async () => {
    const { main } = await compileMain('structure.bpmn');
    expect(main.links).toEqual({ 'Sub:B': 'LinkCatch' });
    expect(main.elements.LinkThrow.event).toEqual({ kind: 'link', linkName: 'B' });
  });

  it('when loops are modelled, then multi-instance and standard loop specs are compiled', async () => {
    const { main } = await compileMain('structure.bpmn');
    expect(main.elements.Pay.multiInstance).toEqual({
      sequential: true,
      cardinality: '3',
      collection: 'orders',
      elementVariable: 'order',
    });
    expect(main.elements.Retry.loop).toEqual({ condition: 'attempts < 3', maximum: 4, testBefore: true });
    expect(main.elements.Child.calledElement).toBe('Process_child');
  });

  it('when a collaboration has several pools, then every executable process is compiled and the first is main', async () => {
    const result = await compileBpmn(fixture('collaboration.bpmn'));
    expect(result.ok).toBe(true);
    expect(result.processes.map((p) => p.processId)).toEqual(['Process_a', 'Process_b']);
    expect(result.main!.processId).toBe('Process_a');
  });
});

describe('compileBpmn: executability rules', () => {
  it('when a model has a script task, an untyped service task, a complex gateway and bad FEEL, then each is an error naming it', async () => {
    const result = await compileBpmn(fixture('not-executable.bpmn'));
    expect(result.ok).toBe(false);
    const byRule = (rule: string): ModelProblem | undefined => result.problems.find((p) => p.rule === rule);
    expect(byRule('tp/script-task')).toMatchObject({
      severity: 'error',
      elementId: 'Script',
      elementName: 'Run script',
      elementType: 'bpmn:ScriptTask',
    });
    expect(byRule('tp/missing-task-type')).toMatchObject({ severity: 'error', elementId: 'Untyped' });
    expect(byRule('tp/unsupported-element')).toMatchObject({ severity: 'error', elementId: 'Complex' });
    expect(byRule('tp/feel-syntax')).toMatchObject({ severity: 'error', elementId: 'F_bad' });
    expect(byRule('tp/feel-syntax')!.message).toContain('(amount > 5');
    expect(byRule('no-complex-gateway')).toMatchObject({
      severity: 'error',
      elementId: 'Complex',
      elementName: 'Complex',
    });
    expect(byRule('tp/gateway-flow-without-condition')).toMatchObject({ severity: 'warning', elementId: 'Gw' });
  });

  it('when no process is executable and there is no start event, then a warning and errors say so', async () => {
    const result = await compileBpmn(fixture('no-start.bpmn'));
    expect(result.ok).toBe(false);
    expect(result.main!.processId).toBe('Process_n');
    expect(result.main!.isExecutable).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'warning', rule: 'tp/not-executable', elementId: 'Process_n' }),
        expect.objectContaining({ severity: 'error', rule: 'tp/no-start-event', elementId: 'Process_n' }),
        expect.objectContaining({ severity: 'error', rule: 'start-event-required', elementId: 'Process_n' }),
      ]),
    );
  });

  it('when the document defines no process, then it is an error', async () => {
    const xml = '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"></definitions>';
    const result = await compileBpmn(xml);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ severity: 'error', rule: 'tp/no-process' })]),
    );
  });
});
