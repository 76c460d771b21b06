/**
 * User tasks: create the inbox record through an activity, then wait for the `completeTask`
 * update (validated in run-process) and close the record.
 */
import { CancellationScope, condition, isCancellation, patched } from '@temporalio/workflow';
import { dueAfter } from '../../business-timers';
import type { OpenTask } from '../../engine';
import { TASK_VISITS_PATCH, USER_TASK_CREATE_CANCEL_PATCH } from '../../patches';
import type { Behaviour } from '../../types';
import { applyMappings, literalOrExpression } from './mappings';

/** Keys of form-js components marked required. */
export function requiredFields(form: unknown): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { key?: unknown; validate?: { required?: unknown }; components?: unknown };
    if (typeof n.key === 'string' && n.validate?.required === true) out.push(n.key);
    if (Array.isArray(n.components)) n.components.forEach(visit);
  };
  visit(typeof form === 'string' ? safeParse(form) : form);
  return out;
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

export const userTask: Behaviour = {
  execute: async ({ engine, token, element, vars, instance }) => {
    const spec = element.task ?? { inputs: [], outputs: [] };
    const firstVisitId = `${engine.input.caseId}:${element.id}:${token.id}${instance ? `#${instance}` : ''}`;
    const visit = (engine.taskVisits.get(firstVisitId) ?? 0) + 1;
    engine.taskVisits.set(firstVisitId, visit);
    const taskId = visit > 1 && patched(TASK_VISITS_PATCH) ? `${firstVisitId}~${visit}` : firstVisitId;
    const assignee = literalOrExpression(engine, spec.assignee, vars);
    const candidateGroups = spec.candidateGroups ?? [];
    const now = Date.now();
    const createdAt = new Date(now).toISOString();
    try {
      await engine.store.createUserTask({
        taskId,
        caseId: engine.input.caseId,
        elementId: element.id,
        tokenId: token.id,
        name: element.name,
        assignee,
        candidateGroups,
        department: spec.department,
        skills: spec.skills ?? [],
        formKey: spec.formKey,
        form: spec.form,
        dueAt: spec.dueDuration ? new Date(dueAfter(engine, spec.dueDuration, now, spec.calendar, vars)).toISOString() : undefined,
        createdAt,
      });
    } catch (err) {
      // Interrupted while the record was being written: the activity may still finish in the worker.
      // Close the task under its key, so whichever write lands last, the record ends cancelled.
      if (isCancellation(err) && patched(USER_TASK_CREATE_CANCEL_PATCH)) {
        await CancellationScope.nonCancellable(() =>
          engine.store.closeUserTask({
            taskId,
            status: 'cancelled',
            closedAt: new Date().toISOString(),
            record: { caseId: engine.input.caseId, elementId: element.id, ...(element.name ? { name: element.name } : {}), createdAt },
          }),
        );
      }
      throw err;
    }
    const task: OpenTask = { taskId, tokenId: token.id, elementId: element.id, assignee, candidateGroups, requiredFields: requiredFields(spec.form) };
    engine.tasks.set(taskId, task);
    engine.markDirty();
    token.state = 'waiting';
    token.waitingFor = 'task';
    token.taskId = taskId;
    try {
      await condition(() => task.completion !== undefined);
    } catch (err) {
      engine.tasks.delete(taskId);
      engine.markDirty();
      await CancellationScope.nonCancellable(() =>
        engine.store.closeUserTask({ taskId, status: 'cancelled', closedAt: new Date().toISOString() }),
      );
      throw err;
    }
    engine.tasks.delete(taskId);
    engine.markDirty();
    // The wait is over: closing the inbox record is work, not a wait state (no flush for it alone).
    token.state = 'ready';
    token.waitingFor = undefined;
    const { actor, data } = task.completion as NonNullable<OpenTask['completion']>;
    await engine.store.closeUserTask({ taskId, status: 'completed', closedAt: new Date().toISOString(), completedBy: actor, data });
    const output = spec.outputs.length > 0 ? applyMappings(engine, spec.outputs, { ...vars, ...data }) : data;
    return { kind: 'leave', output };
  },
};
