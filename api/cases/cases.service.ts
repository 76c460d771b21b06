/**
 * Cases: the list and one case come from the case read model (written by the engine's activities
 * with every trace flush: tokens, variables, incidents) and the trace events (the trail); with
 * `live=true` the workflow itself is queried as well. Interventions go through the workflow's
 * updates and are audited with the mandatory reason.
 */
import mongoose from 'mongoose';
import { contacts } from '../../store/contacts';
import { caseRecordModel, findCaseRecord, trailFromRecord, type CaseRecordDoc } from '../../store/engine/case-record';
import { findTasksByIds, taskModel, type TaskDoc } from '../../store/engine/task';
import { traceEventModel } from '../../store/engine/trace-event';
import {
  bpmnSignal,
  cancelUpdate,
  messageSignal,
  moveTokenUpdate,
  retryIncidentUpdate,
  skipUpdate,
  stateQuery,
  type CaseState,
} from '../../workflows/process/messages';
import { appendAudit } from '../audit/audit.service';
import { hasRole, type Principal } from '../auth/principal';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { taskVisibleTo } from '../tasks/tasks.service';
import { fromTemporal } from '../temporal-errors';
import { executeUpdate } from '../temporal-update';

export interface CaseListQuery {
  processId?: string;
  version?: number;
  touchpoint?: string;
  status?: CaseRecordDoc['status'];
  customerId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export async function listCases(deps: AppDeps, q: CaseListQuery): Promise<{ items: CaseRecordDoc[]; page: number; pageSize: number; total: number }> {
  const filter: Record<string, unknown> = {};
  for (const k of ['processId', 'version', 'touchpoint', 'status', 'customerId'] as const) if (q[k] !== undefined) filter[k] = q[k];
  if (q.from || q.to) {
    const range: Record<string, Date> = {};
    if (q.from) range.$gte = new Date(q.from);
    if (q.to) range.$lte = new Date(q.to);
    filter.startedAt = mongoose.trusted(range);
  }
  const Cases = caseRecordModel(deps.db);
  const [items, total] = await Promise.all([
    Cases.find(filter, { _id: 0, trail: 0, taskIds: 0 }).sort({ startedAt: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
    Cases.countDocuments(filter),
  ]);
  return { items, page: q.page, pageSize: q.pageSize, total };
}

async function liveState(deps: AppDeps, caseId: string): Promise<{ state?: CaseState; stateError?: string }> {
  try {
    const state = await Promise.race([
      deps.temporal.workflow.getHandle(caseId).query(stateQuery),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('state query timed out')), 5000).unref()),
    ]);
    return { state };
  } catch (err) {
    return { stateError: (err as Error).message };
  }
}

/** Throws 404 unless the case exists and the caller may see it (agents: only cases holding a task of theirs). */
async function visibleCase(deps: AppDeps, caseId: string, user: Principal): Promise<{ record: CaseRecordDoc | null; tasks: TaskDoc[] }> {
  const record = await findCaseRecord(deps.db, caseId);
  // Its tasks by key when the record lists them (every flush adds the open ones), else by case id,
  // which on FerretDB reads the whole task collection.
  const tasks = record?.taskIds ? await findTasksByIds(deps.db, record.taskIds) : await taskModel(deps.db).find({ caseId }, { _id: 0 }).lean();
  // A case whose workflow has not written its record yet exists through its contact.
  if (!record && !(await contacts(deps.db).exists({ caseId }))) throw AppError.notFound('case');
  if (!hasRole(user, 'admin', 'operator', 'process-owner', 'auditor') && !tasks.some((t) => taskVisibleTo(t, user))) throw AppError.notFound('case');
  return { record, tasks };
}

/**
 * One case from the read model: where it stands as of its last flushed step (`asOf`), its trail
 * from the trace events, and its tasks. `live` adds the workflow's own answer (`state`), exact to
 * the moment but a round trip through Temporal and the worker.
 */
export async function getCase(deps: AppDeps, caseId: string, user: Principal, opts: { live?: boolean } = {}): Promise<Record<string, unknown>> {
  const { record, tasks } = await visibleCase(deps, caseId, user);
  // The record carries the trail of all but the longest cases; otherwise (or while a flush is half
  // done) it comes from the trace events, which on FerretDB means reading the whole collection.
  const trail =
    trailFromRecord(record) ??
    (await traceEventModel(deps.db)
      .find({ caseId }, { _id: 0, seq: 1, elementId: 1, elementType: 1, elementName: 1, lifecycle: 1, at: 1, actor: 1, reason: 1 })
      .sort({ seq: 1 })
      .lean());
  const live = opts.live ? await liveState(deps, caseId) : undefined;
  const { snapshot, trail: _trail, taskIds: _taskIds, _id: _key, ...summary } = record ?? ({} as Partial<CaseRecordDoc>);
  const position = (snapshot ?? {}) as Partial<CaseState> & { at?: string };
  return {
    caseId,
    record: record ? summary : null,
    status: position.status ?? summary.status ?? 'starting',
    tokens: position.tokens ?? [],
    variables: position.variables ?? {},
    incidents: position.incidents ?? [],
    openTasks: position.openTasks ?? [],
    outcome: position.outcome,
    trail,
    tasks,
    asOf: position.at ?? null,
    source: opts.live ? 'live' : 'read-model',
    temporalUrl: `${deps.config.TEMPORAL_UI_URL.replace(/\/$/, '')}/namespaces/${encodeURIComponent(deps.config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(caseId)}`,
    ...live,
  };
}

type Intervention =
  | { kind: 'cancel'; reason: string }
  | { kind: 'message'; name: string; correlationKey?: string; variables?: Record<string, unknown> }
  | { kind: 'signal'; name: string; variables?: Record<string, unknown> }
  | { kind: 'retry'; incidentId: string; reason: string }
  | { kind: 'skip'; tokenId?: string; elementId?: string; output?: Record<string, unknown>; reason: string }
  | { kind: 'move'; tokenId: string; targetElementId: string; reason: string };

/** Sends one intervention to the case's workflow and audits it. */
export async function intervene(deps: AppDeps, caseId: string, action: Intervention, user: Principal): Promise<{ ok: true }> {
  await visibleCase(deps, caseId, user);
  const handle = deps.temporal.workflow.getHandle(caseId);
  const actor = user.username;
  try {
    switch (action.kind) {
      case 'cancel':
        await executeUpdate(handle, cancelUpdate, [{ actor, reason: action.reason }]);
        break;
      case 'message':
        await handle.signal(messageSignal, { name: action.name, correlationKey: action.correlationKey, variables: action.variables });
        break;
      case 'signal':
        await handle.signal(bpmnSignal, { name: action.name, variables: action.variables });
        break;
      case 'retry':
        await executeUpdate(handle, retryIncidentUpdate, [{ actor, reason: action.reason, incidentId: action.incidentId }]);
        break;
      case 'skip':
        await executeUpdate(handle, skipUpdate, [{ actor, reason: action.reason, tokenId: action.tokenId, elementId: action.elementId, output: action.output }]);
        break;
      case 'move':
        await executeUpdate(handle, moveTokenUpdate, [{ actor, reason: action.reason, tokenId: action.tokenId, targetElementId: action.targetElementId }]);
        break;
    }
  } catch (err) {
    throw fromTemporal(err);
  }
  const { kind, ...details } = action;
  await appendAudit(deps.db, { actor, action: `case.${kind}`, target: caseId, after: details });
  return { ok: true };
}
