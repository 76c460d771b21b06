/**
 * Compiler gaps found on the MIWG models: a receive task's messageRef becomes its waiting event (C.9.1),
 * Camunda 7 assignee/candidateGroups/formKey reach the user task, also under Activiti's namespace (C.1.1).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileBpmn } from '../../../core/bpmn';

const REFERENCE = path.resolve(__dirname, '../../../../shared/bpmn-miwg/Reference');
const miwg = (name: string): string => readFileSync(path.join(REFERENCE, `${name}.bpmn`), 'utf8');

const doc = (body: string, ns = 'http://camunda.org/schema/1.0/bpmn'): string => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="${ns}" id="D" targetNamespace="http://touchpoint.dev/test">
  <bpmn:message id="Msg_answer" name="answer" />
  <bpmn:process id="P" isExecutable="true">
    <bpmn:startEvent id="S" />
    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="X" />
    ${body}
    <bpmn:sequenceFlow id="F2" sourceRef="X" targetRef="E" />
    <bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;

describe('compileBpmn: receive tasks', () => {
  it('when a receive task names a message, then its event is that message with the subscription key (MIWG C.9.1)', async () => {
    const r = await compileBpmn(miwg('C.9.1'));
    expect(r.main!.elements.ReceiveTask_WaitForDocument.event).toEqual({
      kind: 'message',
      messageRef: 'Message_1',
      messageName: 'MESSAGE_documentReceived',
      correlationKey: 'documentReferenceId',
    });
  });

  it('when a receive task names no message, then it is an error naming the task', async () => {
    const r = await compileBpmn(doc('<bpmn:receiveTask id="X" name="Wait" />'));
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ severity: 'error', rule: 'tp/missing-message', elementId: 'X' })]),
    );
  });
});

describe('compileBpmn: Camunda 7 user task attributes', () => {
  it('when MIWG C.1.1 binds camunda: to the Activiti namespace, then assignee, groups and formKey are compiled', async () => {
    const r = await compileBpmn(miwg('C.1.1'));
    const el = r.main!.elements;
    expect(el.assignApprover.task).toMatchObject({ assignee: 'demo', formKey: 'app:assignApprover.jsf' });
    expect(el.approveInvoice.task).toMatchObject({ assignee: '=approver', formKey: 'app:approveInvoice.jsf' });
    expect(el.prepareBankTransfer.task).toMatchObject({ candidateGroups: ['accounting'] });
    expect(el.prepareBankTransfer.task!.assignee).toBeUndefined();
  });

  it('when the assignee is a JUEL property path, then it becomes a FEEL path; other JUEL is reported and dropped', async () => {
    const r = await compileBpmn(
      doc(
        '<bpmn:userTask id="X" camunda:assignee="${order.owner}" camunda:candidateGroups="${groupsFor(order)}" />',
        'http://activiti.org/bpmn',
      ),
    );
    expect(r.main!.elements.X.task!.assignee).toBe('=order.owner');
    expect(r.main!.elements.X.task!.candidateGroups).toBeUndefined();
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'warning', rule: 'tp/unsupported-extension', elementId: 'X', message: expect.stringMatching(/candidate groups "\$\{groupsFor\(order\)\}"/) }),
      ]),
    );
    const bad = await compileBpmn(doc('<bpmn:userTask id="X" camunda:assignee="${a ? b : c}" />'));
    expect(bad.main!.elements.X.task!.assignee).toBeUndefined();
    expect(bad.problems.some((p) => p.elementId === 'X' && /assignee/.test(p.message))).toBe(true);
  });
});
