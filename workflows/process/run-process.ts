/**
 * runProcess: the one generic workflow that interprets a compiled BPMN process. Handlers for the
 * contract in messages.ts are set before the first await; every update has a validator.
 */
import { condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { valueToText } from '../../core/expression/feel';
import { Engine, type OpenTask } from './engine';
import {
  bpmnSignal,
  cancelUpdate,
  claimTaskUpdate,
  completeTaskUpdate,
  messageSignal,
  moveTokenUpdate,
  retryIncidentUpdate,
  skipUpdate,
  stateQuery,
  unclaimTaskUpdate,
  type ClaimTaskInput,
  type CompleteTaskInput,
  type UnclaimTaskInput,
  type MoveTokenInput,
  type OperatorInput,
  type RetryIncidentInput,
  type SkipInput,
  type ProcessInput,
} from './messages';
import type { ProcessResult } from './result';
import type { Token } from './types';

function requireReason(input: OperatorInput): void {
  if (!input.actor?.trim()) throw new Error('actor is required');
  if (!input.reason?.trim()) throw new Error('reason is required');
}

/** Interprets `input.graph` until the case completes, terminates, is cancelled or fails with an uncaught error. */
export async function runProcess(given: ProcessInput): Promise<ProcessResult> {
  // A case started by a schedule (timer start event) has no caseId of its own: its workflow id, which the
  // schedule makes unique per firing, is the case id.
  const input = given.caseId ? given : { ...given, caseId: workflowInfo().workflowId };
  const engine = new Engine(input);
  const requireRunning = (): void => {
    if (engine.status !== 'running') throw new Error(`case ${input.caseId} is ${engine.status}`);
  };
  const findToken = (tokenId?: string, elementId?: string): Token => {
    const t = tokenId ? engine.tokens.get(tokenId) : [...engine.tokens.values()].find((x) => x.elementId === elementId);
    if (!t) throw new Error(`no token ${tokenId ?? `at ${elementId ?? '?'}`}`);
    return t;
  };

  setHandler(stateQuery, () => engine.state());
  setHandler(messageSignal, (m) => {
    engine.messages.push({ name: m.name, correlationKey: m.correlationKey, variables: m.variables });
  });
  setHandler(bpmnSignal, (s) => engine.broadcastSignal(s.name, s.variables));
  setHandler(
    completeTaskUpdate,
    (c) => {
      const task = engine.tasks.get(c.taskId);
      if (task) task.completion = { actor: c.actor, data: c.data ?? {} };
      return { ok: true };
    },
    {
      validator: (c: CompleteTaskInput) => {
        requireRunning();
        const task = engine.tasks.get(c.taskId);
        if (!task || task.completion) throw new Error(`task ${c.taskId} is not open`);
        const groups = c.actorGroups ?? [];
        const restricted = task.assignee !== undefined || task.candidateGroups.length > 0;
        const allowed = task.assignee === c.actor || task.candidateGroups.some((g) => groups.includes(g));
        if (restricted && !allowed) throw new Error(`${c.actor} may not complete task ${c.taskId}`);
        if (task.claimedBy && task.claimedBy !== c.actor) throw new Error(`task ${c.taskId} is claimed by ${task.claimedBy}`);
        const missing = task.requiredFields.filter((k) => c.data?.[k] === undefined || c.data[k] === null || c.data[k] === '');
        if (missing.length > 0) throw new Error(`required form fields missing: ${missing.join(', ')}`);
      },
    },
  );
  const openTask = (taskId: string): OpenTask => {
    const task = engine.tasks.get(taskId);
    if (!task || task.completion) throw new Error(`task ${taskId} is not open`);
    return task;
  };
  setHandler(
    claimTaskUpdate,
    (c) => {
      const task = openTask(c.taskId);
      task.claimedBy = c.actor;
      engine.markDirty();
      return { ok: true, claimedBy: c.actor };
    },
    {
      validator: (c: ClaimTaskInput) => {
        requireRunning();
        if (!c.actor?.trim()) throw new Error('actor is required');
        const task = openTask(c.taskId);
        if (task.claimedBy && task.claimedBy !== c.actor) throw new Error(`task ${c.taskId} is already claimed by ${task.claimedBy}`);
        if (task.assignee !== undefined && task.assignee !== c.actor) throw new Error(`task ${c.taskId} is assigned to ${task.assignee}`);
        const groups = c.actorGroups ?? [];
        if (task.assignee === undefined && task.candidateGroups.length > 0 && !task.candidateGroups.some((g) => groups.includes(g))) {
          throw new Error(`${c.actor} is in none of the candidate groups of task ${c.taskId}`);
        }
      },
    },
  );
  setHandler(
    unclaimTaskUpdate,
    (u) => {
      openTask(u.taskId).claimedBy = undefined;
      engine.markDirty();
      return { ok: true };
    },
    {
      validator: (u: UnclaimTaskInput) => {
        requireRunning();
        const task = openTask(u.taskId);
        if (!task.claimedBy) throw new Error(`task ${u.taskId} is not claimed`);
        if (task.claimedBy !== u.actor && u.override !== true) throw new Error(`only ${task.claimedBy} or a supervisor may release task ${u.taskId}`);
      },
    },
  );
  setHandler(
    cancelUpdate,
    (c) => {
      engine.cancelled = true;
      engine.cancelledBy = c;
      engine.root?.outer.cancel();
      return { ok: true };
    },
    { validator: (c: OperatorInput) => (requireRunning(), requireReason(c)) },
  );
  setHandler(
    retryIncidentUpdate,
    (r) => {
      engine.resolveIncident(r.incidentId, { kind: 'retry' });
      return { ok: true };
    },
    {
      validator: (r: RetryIncidentInput) => {
        requireRunning();
        requireReason(r);
        if (!engine.incidents.some((i) => i.id === r.incidentId)) throw new Error(`no open incident ${r.incidentId}`);
      },
    },
  );
  setHandler(
    skipUpdate,
    (s) => {
      engine.controlToken(findToken(s.tokenId, s.elementId), { kind: 'skip', actor: s.actor, reason: s.reason, output: s.output });
      return { ok: true };
    },
    { validator: (s: SkipInput) => (requireRunning(), requireReason(s), findToken(s.tokenId, s.elementId), undefined) },
  );
  setHandler(
    moveTokenUpdate,
    (m) => {
      engine.controlToken(findToken(m.tokenId), { kind: 'move', actor: m.actor, reason: m.reason, elementId: m.targetElementId });
      return { ok: true };
    },
    {
      validator: (m: MoveTokenInput) => {
        requireRunning();
        requireReason(m);
        const t = findToken(m.tokenId);
        const target = engine.graph.elements[m.targetElementId];
        if (!target) throw new Error(`no element ${m.targetElementId}`);
        if (target.scope !== engine.graph.elements[t.elementId]?.scope) throw new Error(`${m.targetElementId} is not in the token's scope`);
        if (target.type === 'bpmn:BoundaryEvent') throw new Error('a token cannot be moved onto a boundary event');
      },
    },
  );

  const flusher = engine.flushLoop();
  const root = engine.openScope(engine.graph.rootScope);
  engine.root = root;
  if (input.startEventId) engine.spawn(input.startEventId, root);
  else engine.startScope(root);

  await condition(() => root.live === 0 || root.thrown !== undefined || engine.fatal !== undefined);
  if (engine.fatal !== undefined) throw engine.fatal instanceof Error ? engine.fatal : new Error(valueToText(engine.fatal));
  if (root.thrown) {
    engine.status = 'failed';
    engine.outcome = { kind: root.thrown.kind, code: root.thrown.code };
  } else if (engine.cancelled) {
    engine.status = 'cancelled';
  } else if (root.terminated) {
    engine.status = 'terminated';
  } else {
    engine.status = 'completed';
  }
  // Let cancelled tokens record their cancellation before the last flush.
  await condition(() => root.live === 0);
  engine.closeScope(root);
  engine.recordCancel();
  engine.stopFlushing();
  await flusher;
  return { caseId: input.caseId, status: engine.status, variables: engine.vars, outcome: engine.outcome };
}
