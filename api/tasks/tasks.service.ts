/**
 * The inbox over the task documents the engine writes. Agents see tasks assigned to them or
 * offered to one of their groups; supervisors (admin, operator, auditor) see all. A task the
 * caller may not see answers 404, as if it did not exist.
 */
import mongoose from 'mongoose';
import { findTasksByIds, taskModel, type TaskDoc } from '../../store/engine/task';
import { claimTaskUpdate, completeTaskUpdate, unclaimTaskUpdate } from '../../workflows/process/messages';
import { appendAudit } from '../audit/audit.service';
import { hasRole, type Principal } from '../auth/principal';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { fromTemporal } from '../temporal-errors';
import { executeUpdate } from '../temporal-update';

const isSupervisor = (p: Principal): boolean => hasRole(p, 'admin', 'operator', 'auditor');
const isMine = (t: Pick<TaskDoc, 'assignee'>, p: Principal): boolean => !!t.assignee && (t.assignee === p.id || t.assignee === p.username);

/** Whether a task is in the caller's reach (own, or unassigned and offered to one of its groups). */
export function taskVisibleTo(t: Pick<TaskDoc, 'assignee' | 'candidateGroups'>, p: Principal): boolean {
  if (isSupervisor(p)) return true;
  if (isMine(t, p)) return true;
  return !t.assignee && (t.candidateGroups ?? []).some((g) => p.groups.includes(g));
}

export interface InboxQuery {
  status: TaskDoc['status'];
  assignee?: string;
  group?: string;
  skill?: string;
  caseId?: string;
  page: number;
  pageSize: number;
}

export async function inbox(deps: AppDeps, q: InboxQuery, user: Principal): Promise<{ items: TaskDoc[]; page: number; pageSize: number; total: number }> {
  const filter: Record<string, unknown> = { status: q.status };
  if (q.assignee) filter.assignee = q.assignee;
  if (q.group) filter.candidateGroups = q.group;
  if (q.skill) filter.skills = q.skill;
  if (q.caseId) filter.caseId = q.caseId;
  if (!isSupervisor(user)) {
    filter.$or = [
      { assignee: user.id },
      { assignee: user.username },
      { assignee: null, candidateGroups: mongoose.trusted({ $in: user.groups }) },
    ];
  }
  const Tasks = taskModel(deps.db);
  const [items, total] = await Promise.all([
    Tasks.find(filter, { _id: 0 }).sort({ createdAt: 1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
    Tasks.countDocuments(filter),
  ]);
  return { items, page: q.page, pageSize: q.pageSize, total };
}

/**
 * A task's document is written by the engine's activity a moment before the workflow, on that
 * activity's completion, starts accepting updates for it; an agent quick enough to act in that moment
 * would be told the task "is not open". While the document says open, such an update is sent again
 * (the same update id, see executeUpdate) for up to {@link NOT_YET_OPEN_MS}.
 */
const NOT_YET_OPEN_MS = 10_000;
async function updateTask(deps: AppDeps, t: TaskDoc, send: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + NOT_YET_OPEN_MS;
  for (let wait = 100; ; wait = Math.min(wait * 2, 1000)) {
    try {
      await send();
      return;
    } catch (err) {
      const notYet = /is not open/.test(fromTemporal(err, 'task').detail ?? '') && Date.now() < deadline;
      if (!notYet || (await findTasksByIds(deps.db, [t.taskId]))[0]?.status !== 'open') throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

async function visibleTask(deps: AppDeps, taskId: string, user: Principal): Promise<TaskDoc> {
  const [t] = await findTasksByIds(deps.db, [taskId]);
  if (!t || !taskVisibleTo(t, user)) throw AppError.notFound('task');
  return t;
}

export function getTask(deps: AppDeps, taskId: string, user: Principal): Promise<TaskDoc> {
  return visibleTask(deps, taskId, user);
}

export async function claim(deps: AppDeps, taskId: string, user: Principal): Promise<TaskDoc> {
  const t = await visibleTask(deps, taskId, user);
  if (t.status !== 'open') throw AppError.conflict('task is not open');
  if (isMine(t, user)) return t;
  // Atomic: only one claimer matches an unassigned open task. (No projection: FerretDB refuses it here.)
  const res = await taskModel(deps.db).updateOne({ taskId, status: 'open', assignee: null }, { $set: { assignee: user.id } });
  if (res.modifiedCount !== 1) throw AppError.conflict('task is already claimed');
  // The engine holds the claim too (only the claimer may then complete); if it refuses, the inbox claim is undone.
  try {
    const actorGroups = hasRole(user, 'admin', 'operator') ? t.candidateGroups : user.groups;
    await updateTask(deps, t, () => executeUpdate(deps.temporal.workflow.getHandle(t.caseId), claimTaskUpdate, [{ taskId, actor: user.id, actorGroups }]));
  } catch (err) {
    await taskModel(deps.db).updateOne({ taskId, assignee: user.id }, { $unset: { assignee: 1 } });
    const e = fromTemporal(err, 'task');
    if (e.status === 409) throw new AppError(422, 'TaskRejected', e.detail, { cause: err });
    throw e;
  }
  const claimed = { ...t, assignee: user.id };
  await appendAudit(deps.db, { actor: user.username, action: 'task.claim', target: taskId, after: { assignee: user.id } });
  return claimed;
}

export async function unclaim(deps: AppDeps, taskId: string, user: Principal): Promise<TaskDoc> {
  const t = await visibleTask(deps, taskId, user);
  if (t.status !== 'open') throw AppError.conflict('task is not open');
  if (!t.assignee) return t;
  if (!isMine(t, user) && !hasRole(user, 'admin', 'operator')) throw AppError.forbidden('only the assignee or a supervisor may unclaim');
  await taskModel(deps.db).updateOne({ taskId, status: 'open' }, { $unset: { assignee: 1 } });
  try {
    await executeUpdate(deps.temporal.workflow.getHandle(t.caseId), unclaimTaskUpdate, [{ taskId, actor: t.assignee, override: !isMine(t, user) }]);
  } catch (err) {
    // A claim made in the inbox before the engine knew claims is not held there: nothing to release.
    if (!/is not claimed/.test(fromTemporal(err, 'task').detail ?? '')) throw fromTemporal(err, 'task');
  }
  await appendAudit(deps.db, { actor: user.username, action: 'task.unclaim', target: taskId, before: { assignee: t.assignee } });
  const { assignee: _gone, ...after } = t;
  return after;
}

export async function complete(deps: AppDeps, taskId: string, data: Record<string, unknown>, user: Principal): Promise<{ ok: true }> {
  const t = await visibleTask(deps, taskId, user);
  if (t.status !== 'open') throw AppError.conflict('task is not open');
  if (t.assignee && !isMine(t, user) && !hasRole(user, 'admin', 'operator')) throw AppError.forbidden('the task is claimed by someone else');
  // The API has checked the caller; the workflow's validator checks again against the model's
  // assignee and groups, so supervisors act with the task's own assignee and groups.
  const supervisor = hasRole(user, 'admin', 'operator');
  const actor = t.assignee && (supervisor || t.assignee === user.username) ? t.assignee : user.id;
  const actorGroups = supervisor ? t.candidateGroups : user.groups;
  try {
    await updateTask(deps, t, () => executeUpdate(deps.temporal.workflow.getHandle(t.caseId), completeTaskUpdate, [{ taskId, actor, actorGroups, data }]));
  } catch (err) {
    const e = fromTemporal(err, 'task');
    if (e.status === 409) throw new AppError(422, 'TaskRejected', e.detail, { cause: err });
    throw e;
  }
  await appendAudit(deps.db, { actor: user.username, action: 'task.complete', target: taskId, after: { caseId: t.caseId, data } });
  return { ok: true };
}
