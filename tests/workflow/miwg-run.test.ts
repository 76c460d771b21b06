/**
 * OMG MIWG reference models compiled by core/bpmn and run to the end by the interpreter on the real
 * Temporal dev server, driven as a user and an operator would (tasks completed, incidents resolved
 * with skip/move, each with actor and reason). What each model needed:
 *
 * | Model | Path run                                   | Needed                                                                 |
 * |-------|--------------------------------------------|------------------------------------------------------------------------|
 * | A.1.0 | start → Task 1..3 → End Event              | nothing: plain bpmn:Task elements pass through                         |
 * | A.2.0 | start → Task 1 → split → Task 2 → merge... | nothing: the split gateway has three unconditioned flows, the exclusive |
 * |       |   (ends at End Event)                      |   gateway takes exactly one (the first, Task 2)                        |
 * | A.3.0 | start → Task 1 → Collapsed Sub-Process →   | nothing since the fix in engine.startScope: the collapsed subprocess    |
 * |       |   Task 2 → End Event 1                     |   is empty and completes at once (it raised 'unsupported: no none start |
 * |       |                                            |   event' before). Its message/escalation boundaries never fire, so      |
 * |       |                                            |   Task 3/4 and End Event 2 are not reached.                            |
 * | C.1.1 | assignApprover → approveInvoice →          | camunda:assignee (Activiti namespace) is compiled: assignApprover is    |
 * |       |   invoice_approved → prepareBankTransfer → |   for 'demo', approveInvoice for ${approver} (the user entered on      |
 * |       |   archiveInvoice → invoiceProcessed        |   assignApprover; anyone else is refused). The XPath condition          |
 * |       |                                            |   bpmn:getDataObject('approved') fails as FEEL: incident                |
 * |       |                                            |   'expression-failed' at invoice_approved, resolved by moving the token |
 * |       |                                            |   to prepareBankTransfer (candidate group 'accounting'). archiveInvoice |
 * |       |                                            |   (camunda:delegateExpression, no tp:type) raises 'unsupported', skip.  |
 * | C.3.0 | message start → Analyse customer request → | started at its message start event. The 'Service type' gateway has no   |
 * |       |   Service type → Replace fridge →          |   conditions, so it takes its first flow; the only condition            |
 * |       |   Fridge replaced                          |   ('Service Level == ...', not FEEL) sits on the 'Service level' gateway |
 * |       |                                            |   and the PT2H timer on the premium repair: neither is on this path.    |
 * | C.9.1 | Request document → Wait for answer →       | the send task's type 'email' runs against a recording mail gateway      |
 * |       |   Document received                        |   (the outside world). The receive task waits for message               |
 * |       |                                            |   MESSAGE_documentReceived correlated by documentReferenceId: a message  |
 * |       |                                            |   with another key is not taken, the right one completes the case. Its   |
 * |       |                                            |   R6/P1D and P7D boundary timers are armed and cancelled with the task.  |
 * | C.9.2 | Decide Manually → Decide on application →  | one user task for candidate group 'clerks'. Its P7D boundary and the    |
 * |       |   Manually Decided                         |   R1/P5D event-subprocess timer stay pending until the case ends.       |
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { compileBpmn } from '../../core/bpmn';
import type { CompiledProcess } from '../../core/bpmn/graph';
import { completeTaskUpdate, messageSignal, moveTokenUpdate, skipUpdate, type CaseState } from '../../workflows/process/messages';
import type { ProcessResult } from '../../workflows/process/result';
import { createHarness, type Harness } from './support/harness';

const REFERENCE = path.resolve(__dirname, '../../../shared/bpmn-miwg/Reference');
const OPERATOR = { actor: 'ops-miwg' };

let h: Harness;
beforeAll(async () => {
  h = await createHarness('wf-miwg');
}, 120_000);
afterAll(async () => h?.close());

async function compile(model: string): Promise<CompiledProcess> {
  const compiled = await compileBpmn(readFileSync(path.join(REFERENCE, `${model}.bpmn`), 'utf8'));
  expect(compiled.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(compiled.main).toBeDefined();
  return compiled.main!;
}

/** What the driver did, in order, so each test can assert exactly what the model needed. */
type Action =
  | { do: 'complete'; elementId: string; actor: string }
  | { do: 'refused'; elementId: string; actor: string }
  | { do: 'skip'; elementId: string; incident?: string; message?: string; waitingFor?: string }
  | { do: 'move'; elementId: string; to: string; incident?: string; waitingFor?: string };

interface Plan {
  /** Operator moves, by the element the token stands at, instead of a plain skip. */
  moves?: Record<string, { to: string; reason: string }>;
  /** Element ids whose waits (timers, messages) the operator may skip, with the reason. */
  skipWaits?: Record<string, string>;
  /** Data entered on user tasks, by element id. */
  taskData?: Record<string, Record<string, unknown>>;
  /** Who completes each user task (default 'demo'). */
  actors?: Record<string, string>;
  /** Users who try a task first and must be refused by the workflow's validator. */
  refuse?: Record<string, string>;
}

/** Drives a running case: completes user tasks, resolves incidents and stuck waits as an operator would. */
async function drive(graph: CompiledProcess, handle: WorkflowHandle, plan: Plan = {}): Promise<{ actions: Action[]; result: ProcessResult; last: CaseState }> {
  const actions: Action[] = [];
  const until = Date.now() + 40_000;
  let last = await h.state(handle);
  while (last.status === 'running') {
    if (Date.now() > until) throw new Error(`case stuck: ${JSON.stringify({ tokens: last.tokens, incidents: last.incidents, actions }).slice(0, 3000)}`);
    let acted = false;
    for (const inc of last.incidents) {
      const token = last.tokens.find((t) => t.id === inc.tokenId);
      if (!token) continue;
      const move = plan.moves?.[inc.elementId];
      const reason = `MIWG run: ${inc.kind} at ${inc.elementId} (${inc.message})`;
      if (move) {
        await handle.executeUpdate(moveTokenUpdate, { args: [{ ...OPERATOR, reason: move.reason, tokenId: token.id, targetElementId: move.to }] });
        actions.push({ do: 'move', elementId: inc.elementId, to: move.to, incident: inc.kind });
      } else {
        await handle.executeUpdate(skipUpdate, { args: [{ ...OPERATOR, reason, tokenId: token.id }] });
        actions.push({ do: 'skip', elementId: inc.elementId, incident: inc.kind, message: inc.message });
      }
      acted = true;
      break;
    }
    if (!acted) {
      for (const token of last.tokens) {
        if (token.state !== 'waiting' || !token.taskId || !last.openTasks.includes(token.taskId)) continue;
        const groups = graph.elements[token.elementId]?.task?.candidateGroups ?? [];
        const intruder = plan.refuse?.[token.elementId];
        if (intruder && !actions.some((a) => a.do === 'refused' && a.elementId === token.elementId)) {
          await expect(
            handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: token.taskId, actor: intruder, actorGroups: [], data: {} }] }),
          ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/may not complete/) } });
          actions.push({ do: 'refused', elementId: token.elementId, actor: intruder });
        }
        const actor = plan.actors?.[token.elementId] ?? 'demo';
        await handle.executeUpdate(completeTaskUpdate, {
          args: [{ taskId: token.taskId, actor, actorGroups: groups, data: plan.taskData?.[token.elementId] ?? {} }],
        });
        actions.push({ do: 'complete', elementId: token.elementId, actor });
        acted = true;
        break;
      }
    }
    if (!acted) {
      for (const token of last.tokens) {
        if (token.state !== 'waiting' || token.taskId) continue;
        const move = plan.moves?.[token.elementId];
        const skipReason = plan.skipWaits?.[token.elementId];
        if (move) {
          await handle.executeUpdate(moveTokenUpdate, { args: [{ ...OPERATOR, reason: move.reason, tokenId: token.id, targetElementId: move.to }] });
          actions.push({ do: 'move', elementId: token.elementId, to: move.to, waitingFor: token.waitingFor });
        } else if (skipReason) {
          await handle.executeUpdate(skipUpdate, { args: [{ ...OPERATOR, reason: skipReason, tokenId: token.id }] });
          actions.push({ do: 'skip', elementId: token.elementId, waitingFor: token.waitingFor });
        } else continue;
        acted = true;
        break;
      }
    }
    if (!acted) await new Promise((r) => setTimeout(r, 150));
    last = await h.state(handle);
  }
  const result = (await handle.result()) as ProcessResult;
  return { actions, result, last };
}

const visited = (s: CaseState, elementId: string): boolean => s.trail.some((e) => e.elementId === elementId && e.lifecycle === 'complete');


type Run = Awaited<ReturnType<typeof drive>>;

async function run(
  model: string,
  plan: Plan = {},
  startAtMessage = false,
  variables?: Record<string, unknown>,
  alongside?: (handle: WorkflowHandle) => Promise<void>,
): Promise<Run & { graph: CompiledProcess }> {
  const graph = await compile(model);
  const starts = Object.values(graph.elements).filter((e) => e.type === 'bpmn:StartEvent' && e.scope === graph.rootScope);
  const startEventId = startAtMessage ? starts.find((e) => e.event?.kind === 'message')?.id : undefined;
  const handle = await h.start(graph, { ...(startEventId ? { startEventId } : {}), ...(variables ? { variables } : {}) });
  try {
    if (alongside) await alongside(handle);
    return { graph, ...(await drive(graph, handle, plan)) };
  } catch (e) {
    await handle.terminate().catch(() => undefined);
    throw e;
  }
}

const byName = (g: CompiledProcess, name: string): string => {
  const el = Object.values(g.elements).find((e) => e.name?.replace(/\s+/g, ' ') === name);
  if (!el) throw new Error(`no element named ${name}`);
  return el.id;
};

describe('OMG MIWG reference models run to completion', () => {
  it('A.1.0: three plain tasks in a row run straight through', async () => {
    const r = await run('A.1.0');
    expect(r.actions).toEqual([]);
    expect(r.result.status).toBe('completed');
    for (const n of ['Task 1', 'Task 2', 'Task 3', 'End Event']) expect(visited(r.last, byName(r.graph, n))).toBe(true);
  });

  it('A.2.0: the exclusive split without conditions takes exactly one flow, the merge passes it on', async () => {
    const r = await run('A.2.0');
    expect(r.actions).toEqual([]);
    expect(r.result.status).toBe('completed');
    const branches = ['Task 2', 'Task 3', 'Task 4'].filter((n) => visited(r.last, byName(r.graph, n)));
    expect(branches).toEqual(['Task 2']);
    expect(visited(r.last, byName(r.graph, 'End Event'))).toBe(true);
  });

  it('A.3.0: the empty collapsed subprocess completes at once; its boundaries never fire', async () => {
    const r = await run('A.3.0');
    expect(r.actions).toEqual([]);
    expect(r.result.status).toBe('completed');
    for (const n of ['Task 1', 'Collapsed Sub-Process', 'Task 2', 'End Event 1']) expect(visited(r.last, byName(r.graph, n))).toBe(true);
    for (const n of ['Task 3', 'Task 4', 'End Event 2']) expect(visited(r.last, byName(r.graph, n))).toBe(false);
  });

  it('C.1.1: the Camunda assignees hold (the approver entered decides, others are refused), the XPath gateway moved, the untyped task skipped', async () => {
    const r = await run('C.1.1', {
      taskData: { assignApprover: { approver: 'mary' }, approveInvoice: { approved: true } },
      actors: { approveInvoice: 'mary', prepareBankTransfer: 'acc-1' },
      refuse: { assignApprover: 'mallory', approveInvoice: 'demo' },
      moves: { invoice_approved: { to: 'prepareBankTransfer', reason: 'XPath condition not evaluable; approveInvoice entered approved=true' } },
    });
    expect(r.actions).toEqual([
      { do: 'refused', elementId: 'assignApprover', actor: 'mallory' },
      { do: 'complete', elementId: 'assignApprover', actor: 'demo' },
      { do: 'refused', elementId: 'approveInvoice', actor: 'demo' },
      { do: 'complete', elementId: 'approveInvoice', actor: 'mary' },
      { do: 'move', elementId: 'invoice_approved', to: 'prepareBankTransfer', incident: 'expression-failed' },
      { do: 'complete', elementId: 'prepareBankTransfer', actor: 'acc-1' },
      { do: 'skip', elementId: 'archiveInvoice', incident: 'unsupported', message: expect.stringMatching(/no task type/) },
    ]);
    expect(r.result.status).toBe('completed');
    expect(r.result.variables).toMatchObject({ approver: 'mary', approved: true });
    const inbox = await h.db.collection('tasks').find({ caseId: r.last.caseId }).toArray();
    const byElement = Object.fromEntries(inbox.map((t) => [t.elementId as string, t]));
    expect(byElement.assignApprover).toMatchObject({ assignee: 'demo', formKey: 'app:assignApprover.jsf', completedBy: 'demo' });
    expect(byElement.approveInvoice).toMatchObject({ assignee: 'mary', formKey: 'app:approveInvoice.jsf', completedBy: 'mary' });
    expect(byElement.prepareBankTransfer).toMatchObject({ candidateGroups: ['accounting'], completedBy: 'acc-1' });
    expect(r.last.trail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ elementId: 'invoice_approved', lifecycle: 'incident' }),
        expect.objectContaining({ elementId: 'invoice_approved', lifecycle: 'move', actor: OPERATOR.actor }),
        expect.objectContaining({ elementId: 'archiveInvoice', lifecycle: 'skip', actor: OPERATOR.actor }),
      ]),
    );
    expect(visited(r.last, 'invoiceProcessed')).toBe(true);
    expect(visited(r.last, 'invoiceNotProcessed')).toBe(false);
  });

  it('C.3.0: started at its message start event, the unconditioned service-type gateway leads to the fridge replacement', async () => {
    const r = await run('C.3.0', {}, true);
    expect(r.actions.map((a) => [a.do, r.graph.elements[a.elementId]?.name])).toEqual([
      ['complete', 'Analyse customer request'],
      ['complete', 'Replace fridge'],
    ]);
    expect(r.result.status).toBe('completed');
    expect(visited(r.last, byName(r.graph, 'Fridge replaced'))).toBe(true);
  });

  it('C.9.1: the e-mail goes out, the receive task waits for the document message with its correlation key', async () => {
    const sent: Record<string, unknown>[] = [];
    h.handlers.registerHandler('email', {
      description: 'recording mail gateway (test double for the outside world)',
      run: (input, _headers, ctx) => {
        sent.push({ elementId: ctx.elementId, to: input.customerEmail });
        return Promise.resolve({ mailSent: true });
      },
    });
    const r = await run('C.9.1', {}, false, { documentReferenceId: 'DOC-7', customerEmail: 'c@example.org' }, async (handle) => {
      const waiting = await h.waitFor(handle, (s) => s.tokens.some((t) => t.elementId === 'ReceiveTask_WaitForDocument' && t.waitingFor === 'message'));
      expect(waiting.tokens.map((t) => t.elementId)).toEqual(['ReceiveTask_WaitForDocument']);
      await handle.signal(messageSignal, { name: 'MESSAGE_documentReceived', correlationKey: 'DOC-8', variables: { document: 'wrong' } });
      await new Promise((res) => setTimeout(res, 500));
      const still = await h.state(handle);
      expect(still.status).toBe('running');
      expect(still.tokens.map((t) => t.elementId)).toEqual(['ReceiveTask_WaitForDocument']);
      await handle.signal(messageSignal, { name: 'MESSAGE_documentReceived', correlationKey: 'DOC-7', variables: { document: 'scan.pdf' } });
    });
    expect(r.actions).toEqual([]);
    expect(sent).toEqual([{ elementId: 'SendTask_RequestDocument', to: 'c@example.org' }]);
    expect(r.result.status).toBe('completed');
    expect(r.result.variables).toMatchObject({ mailSent: true, document: 'scan.pdf' });
    expect(visited(r.last, 'EndEvent_GotDocument')).toBe(true);
    for (const id of ['SendTask_SendReminderEmail', 'UserTask_CallCustomer']) expect(visited(r.last, id)).toBe(false);
  });

  it('C.9.2: the clerk decides; the pending timers end with the case', async () => {
    const r = await run('C.9.2');
    expect(r.actions).toEqual([{ do: 'complete', elementId: 'UserTask_DecideOnApplication', actor: 'demo' }]);
    expect(r.result.status).toBe('completed');
    expect(visited(r.last, 'EndEvent_ManuallyDecided')).toBe(true);
  });
});
