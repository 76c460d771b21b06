/**
 * Plans: definition, targets (CSV or customer query), the lifecycle created → started ⇄ paused →
 * finished | cancelled driven through the runPlan workflow, progress, the evaluation report from
 * the attempt ledger, and the follow-up plan that closes the loop.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Connection } from 'mongoose';
import type { z } from 'zod';
import { evaluatePlan, localTimeWindows, selectFollowUp, type PlanEvaluation } from '../../core/evaluation';
import { attemptModel, toAttemptRecord } from '../../store/campaign/ledger';
import { planModel, type PlanDoc, type PlanStatus } from '../../store/campaign/plans';
import { questionnaireModel } from '../../store/campaign/questionnaires';
import { strategyModel } from '../../store/campaign/strategies';
import { planTargets, storeTargets, type TargetInput } from '../../store/campaign/targets';
import {
  cancelPlanUpdate,
  intervenePlanUpdate,
  pausePlanUpdate,
  PLAN_WORKFLOW,
  planPriorityKey,
  planProgressQuery,
  planWorkflowId,
  resumePlanUpdate,
  type PlanInput,
  type PlanProgress,
} from '../../workflows/plan/messages';
import { appendAudit } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { resolveDefinition } from '../definitions/definitions.service';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { fromTemporal } from '../temporal-errors';
import { executeUpdate } from '../temporal-update';
import type { createPlanBody, followUpBody, interveneBody, updatePlanBody } from './plans.schemas';
import { createPlanSchedule, planRuns, steerSchedule, type PlanRuns } from './plans.schedule';
import { queryTargets } from './plans.targets';

type Action = 'start' | 'pause' | 'resume' | 'cancel';
const TRANSITIONS: Record<Action, { from: PlanStatus[]; to: PlanStatus }> = {
  start: { from: ['created'], to: 'started' },
  pause: { from: ['started'], to: 'paused' },
  resume: { from: ['paused'], to: 'started' },
  cancel: { from: ['created', 'started', 'paused'], to: 'cancelled' },
};

/** 409 naming the transition that is not allowed. */
const invalidTransition = (from: PlanStatus, to: PlanStatus, why?: string): AppError =>
  new AppError(409, 'InvalidTransition', `invalid transition ${from} → ${to}${why ? `: ${why}` : ''}`, {
    errors: [{ field: 'status', message: `${from} → ${to} is not allowed` }],
  });

/** Day parts for the per-window evaluation, in the strategy's time zone. */
const DAY_PARTS = [
  { label: 'night', start: '00:00', end: '06:00' },
  { label: 'morning', start: '06:00', end: '12:00' },
  { label: 'afternoon', start: '12:00', end: '18:00' },
  { label: 'evening', start: '18:00', end: '24:00' },
];

export async function getPlan(conn: Connection, id: string): Promise<PlanDoc> {
  const p = await planModel(conn).findById(id).lean();
  if (!p) throw AppError.notFound(`plan ${id}`);
  return p;
}

export function listPlans(conn: Connection, q: { status?: PlanStatus }): Promise<PlanDoc[]> {
  return planModel(conn).find(q.status ? { status: q.status } : {}).sort({ createdAt: -1 }).lean();
}

async function strategyVersion(conn: Connection, id: string, version?: number) {
  const doc = await strategyModel(conn)
    .findOne(version ? { strategyId: id, version } : { strategyId: id })
    .sort({ version: -1 })
    .lean();
  if (!doc) throw AppError.unprocessable(`strategy ${id}${version ? ` version ${version}` : ''} does not exist`, [{ field: 'body.strategyId', message: 'no such strategy' }]);
  return doc;
}

export async function createPlan(conn: Connection, body: z.infer<typeof createPlanBody>, actor: Principal, source?: PlanDoc['targetSource'], given?: TargetInput[]): Promise<PlanDoc> {
  const strategy = await strategyVersion(conn, body.strategyId, body.strategyVersion);
  if (body.startAt && body.endAt && Date.parse(body.endAt) <= Date.parse(body.startAt)) {
    throw AppError.unprocessable('endAt must be after startAt', [{ field: 'body.endAt', message: 'before or at startAt' }]);
  }
  if (body.service.processId && !(await resolveDefinition(conn, body.service.processId, body.service.version))) {
    throw AppError.unprocessable(`process ${body.service.processId} is not deployed`, [{ field: 'body.service.processId', message: 'not deployed' }]);
  }
  const questionnaireCode = body.service.questionnaireCode;
  if (questionnaireCode) {
    const q = await questionnaireModel(conn).findById(questionnaireCode, { status: 1 }).lean();
    if (!q) throw AppError.unprocessable(`questionnaire ${questionnaireCode} does not exist`, [{ field: 'body.service.questionnaireCode', message: 'no such questionnaire' }]);
    if (q.status === 'archived') throw AppError.unprocessable(`questionnaire ${questionnaireCode} is archived`, [{ field: 'body.service.questionnaireCode', message: 'archived' }]);
  }
  if (await planModel(conn).exists({ _id: body.code })) throw AppError.conflict(`plan ${body.code} exists`);
  const { targets: targetSpec, startAt, endAt, strategyVersion: _pinned, ...rest } = body;
  const targets = given ?? (targetSpec ? ('customers' in targetSpec ? targetSpec.customers : await queryTargets(conn, targetSpec.query)) : []);
  const targetSource: PlanDoc['targetSource'] = source ?? (targetSpec && 'query' in targetSpec ? { kind: 'query', query: targetSpec.query } : { kind: 'csv' });
  const count = await storeTargets(conn, body.code, targets);
  try {
    const doc = (
      await planModel(conn).create({
        _id: body.code,
        ...rest,
        strategyVersion: strategy.version,
        ...(startAt ? { startAt: new Date(startAt) } : {}),
        ...(endAt ? { endAt: new Date(endAt) } : {}),
        targetSource,
        targets: count,
        status: 'created',
        statusLog: [{ from: 'none', to: 'created', at: new Date(), actor: actor.username }],
        createdBy: actor.username,
      })
    ).toObject();
    await appendAudit(conn, { actor: actor.username, action: 'plan.create', target: `plan:${body.code}`, after: { targets: count } });
    return doc;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw AppError.conflict(`plan ${body.code} exists`);
    throw err;
  }
}

/** Changes the settings of a plan that has not started (see updatePlanBody); `conditions: null` removes them. */
export async function updatePlan(conn: Connection, id: string, body: z.infer<typeof updatePlanBody>, actor: Principal): Promise<PlanDoc> {
  const plan = await getPlan(conn, id);
  if (plan.status !== 'created') throw AppError.conflict(`plan ${id} is ${plan.status}; its settings can change only before it starts`);
  const { conditions, ...rest } = body;
  const set: Record<string, unknown> = { ...rest, ...(conditions ? { conditions } : {}) };
  const update = conditions === null ? { $set: set, $unset: { conditions: 1 } } : { $set: set };
  const r = await planModel(conn).updateOne({ _id: id, status: 'created' }, update);
  if (r.matchedCount === 0) throw AppError.conflict(`plan ${id} started meanwhile; its settings can change only before it starts`);
  await appendAudit(conn, { actor: actor.username, action: 'plan.update', target: `plan:${id}`, after: body });
  return getPlan(conn, id);
}

/** Replaces the targets of a plan that has not started. */
export async function replaceTargets(conn: Connection, id: string, targets: TargetInput[], source: PlanDoc['targetSource'], actor: Principal): Promise<{ planId: string; targets: number }> {
  const plan = await getPlan(conn, id);
  if (plan.status !== 'created') throw AppError.conflict(`plan ${id} is ${plan.status}; targets can change only before it starts`);
  const count = await storeTargets(conn, id, targets);
  await planModel(conn).updateOne({ _id: id }, { $set: { targets: count, targetSource: source } });
  await appendAudit(conn, { actor: actor.username, action: 'plan.targets', target: `plan:${id}`, after: { targets: count, source: source.kind } });
  return { planId: id, targets: count };
}

async function moveStatus(conn: Connection, plan: PlanDoc, to: PlanStatus, actor: Principal, reason?: string): Promise<PlanDoc> {
  const r = await planModel(conn).updateOne(
    { _id: plan._id, status: plan.status },
    { $set: { status: to }, $push: { statusLog: { from: plan.status, to, at: new Date(), actor: actor.username, ...(reason ? { reason } : {}) } } },
  );
  if (r.matchedCount === 0) {
    const now = await getPlan(conn, plan._id);
    throw invalidTransition(now.status, to, 'the plan changed meanwhile');
  }
  await appendAudit(conn, { actor: actor.username, action: `plan.${to}`, target: `plan:${plan._id}`, before: { status: plan.status }, after: { status: to } });
  return getPlan(conn, plan._id);
}

/** Applies a lifecycle action: checks the transition, tells the workflow, records the new status. */
export async function transition(deps: AppDeps, id: string, action: Action, actor: Principal, reason?: string): Promise<PlanDoc> {
  const plan = await getPlan(deps.db, id);
  const t = TRANSITIONS[action];
  if (!t.from.includes(plan.status)) throw invalidTransition(plan.status, t.to);
  const handle = deps.temporal.workflow.getHandle(planWorkflowId(id));
  const who = { actor: actor.username, ...(reason ? { reason } : {}) };
  try {
    if (plan.cycle.kind === 'recurring') {
      if (action === 'start') await createPlanSchedule(deps, plan, await planInput(deps.db, plan));
      else if (plan.status !== 'created') await steerSchedule(deps, id, action, who);
    } else if (action === 'start') {
      if (plan.targets === 0) throw invalidTransition(plan.status, t.to, 'the plan has no targets');
      await deps.temporal.workflow.start(PLAN_WORKFLOW, {
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        workflowId: planWorkflowId(id),
        args: [await planInput(deps.db, plan)],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        // Higher plans first wherever tasks wait in a backlog (children and attempts inherit it).
        priority: { priorityKey: planPriorityKey(plan.priority) },
      });
    } else if (action === 'pause') await executeUpdate(handle, pausePlanUpdate, [who]);
    else if (action === 'resume') await executeUpdate(handle, resumePlanUpdate, [who]);
    else if (plan.status !== 'created') await executeUpdate(handle, cancelPlanUpdate, [who]);
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw invalidTransition(plan.status, t.to, `the engine already ran a plan with id ${id} (plan codes are workflow ids: use a new code)`);
    }
    const e = fromTemporal(err, 'plan');
    if (e.status === 404 || e.status === 409) throw invalidTransition(plan.status, t.to, e.detail);
    throw e;
  }
  return moveStatus(deps.db, plan, t.to, actor, reason);
}

async function planInput(conn: Connection, plan: PlanDoc): Promise<PlanInput> {
  const strategy = await strategyVersion(conn, plan.strategyId, plan.strategyVersion);
  let service: PlanInput['service'];
  const processId = plan.service.processId;
  if (processId) {
    const def = await resolveDefinition(conn, processId, plan.service.version);
    if (!def) throw AppError.unprocessable(`process ${processId} is not deployed`, [{ field: 'service.processId', message: 'not deployed' }]);
    service = { definitionId: def._id, version: def.version, graph: def.graph };
  }
  return {
    planId: plan._id,
    strategy: strategy.strategy,
    concurrency: plan.concurrency,
    // Explicit for the contact workflows, too: a Schedule's occurrences start at the default key.
    priorityKey: planPriorityKey(plan.priority),
    ...(plan.startAt ? { startAt: new Date(plan.startAt).getTime() } : {}),
    ...(plan.endAt ? { endAt: new Date(plan.endAt).getTime() } : {}),
    ...(service ? { service } : {}),
    ...(plan.conditions ? { conditions: plan.conditions } : {}),
  };
}

/** The occurrences of a recurring plan (its Schedule's state and recent runs). */
export async function runs(deps: AppDeps, id: string): Promise<PlanRuns> {
  const plan = await getPlan(deps.db, id);
  if (plan.cycle.kind !== 'recurring') throw AppError.conflict(`plan ${id} is a one-off plan; it has one run (see its progress)`);
  if (plan.status === 'created' || plan.status === 'cancelled') throw AppError.conflict(`plan ${id} is ${plan.status}; it has no schedule`);
  return planRuns(deps, id);
}

/** Live progress from the workflow while it runs; the recorded figures once it has ended. */
export async function progress(deps: AppDeps, id: string): Promise<PlanProgress | (PlanDoc['lastProgress'] & { planId: string; status: PlanStatus })> {
  const plan = await getPlan(deps.db, id);
  if (plan.status === 'created') {
    return { planId: id, status: 'created', targets: plan.targets, done: 0, reached: 0, unreachable: 0, failed: 0, expired: 0, cancelled: 0, skipped: 0, inProgress: 0 };
  }
  if (plan.cycle.kind === 'recurring') {
    // A recurring plan's progress is its latest occurrence's (GET /:id/runs lists them all).
    const latest = plan.status === 'cancelled' ? undefined : (await planRuns(deps, id)).occurrences[0]?.progress;
    const zero = { targets: 0, done: 0, reached: 0, unreachable: 0, failed: 0, expired: 0, cancelled: 0, skipped: 0, inProgress: 0 };
    return { ...zero, ...(latest ?? {}), planId: id, status: plan.status };
  }
  if ((plan.status === 'finished' || plan.status === 'cancelled') && plan.lastProgress) return { ...plan.lastProgress, planId: id, status: plan.status };
  try {
    return await deps.temporal.workflow.getHandle(planWorkflowId(id)).query(planProgressQuery);
  } catch (err) {
    throw fromTemporal(err, 'plan');
  }
}

async function ledgerAndTargets(conn: Connection, id: string) {
  const [docs, targets] = await Promise.all([
    attemptModel(conn).find({ planId: id }).sort({ at: 1 }).lean(),
    planTargets(conn, id),
  ]);
  return { records: docs.map(toAttemptRecord), targets: targets.map((t) => t.customerId) };
}

/** The evaluation report: reach, completion, satisfaction, needs met, goal; per channel and per day part. */
export async function evaluation(conn: Connection, id: string): Promise<PlanEvaluation & { planId: string; status: PlanStatus }> {
  const plan = await getPlan(conn, id);
  const strategy = await strategyVersion(conn, plan.strategyId, plan.strategyVersion);
  const { records, targets } = await ledgerAndTargets(conn, id);
  const satisfaction = plan.service.satisfaction;
  const report = evaluatePlan(records, {
    planId: id,
    targets,
    ...(satisfaction ? { satisfaction } : {}),
    windowOf: localTimeWindows(strategy.strategy.timeZone, DAY_PARTS),
  });
  return { planId: id, status: plan.status, ...report };
}

/** A new plan (status created) serving the customers this one did not reach or did not satisfy. */
export async function createFollowUp(conn: Connection, id: string, body: z.infer<typeof followUpBody>, actor: Principal): Promise<PlanDoc & { reasons: Record<string, number> }> {
  const plan = await getPlan(conn, id);
  if (plan.status !== 'finished' && plan.status !== 'cancelled') throw AppError.conflict(`plan ${id} is ${plan.status}; a follow-up is made once it has finished or was cancelled`);
  const { records, targets } = await ledgerAndTargets(conn, id);
  const satisfaction = plan.service.satisfaction;
  const picked = selectFollowUp(records, { planId: id, targets, include: body.include, ...(satisfaction ? { satisfaction } : {}) });
  if (picked.length === 0) throw AppError.unprocessable(`plan ${id} has no customer to follow up for ${body.include.join(', ')}`, [{ field: 'body.include', message: 'selects nobody' }]);
  const reasons: Record<string, number> = {};
  for (const p of picked) reasons[p.reason] = (reasons[p.reason] ?? 0) + 1;
  const created = await createPlan(
    conn,
    {
      code: body.code,
      name: body.name ?? `${plan.name} (follow-up)`,
      description: `Follow-up of ${id}: ${Object.entries(reasons).map(([k, v]) => `${v} ${k}`).join(', ')}`,
      strategyId: plan.strategyId,
      strategyVersion: plan.strategyVersion,
      service: plan.service as z.infer<typeof createPlanBody>['service'],
      priority: plan.priority,
      cycle: { kind: 'once' },
      concurrency: plan.concurrency,
      resultRequirements: plan.resultRequirements,
    },
    actor,
    { kind: 'follow-up', fromPlanId: id },
    picked.map((p) => ({ customerId: p.customerId })),
  );
  return { ...created, reasons };
}

export async function intervene(deps: AppDeps, id: string, customerId: string, body: z.infer<typeof interveneBody>, actor: Principal): Promise<{ ok: true }> {
  const plan = await getPlan(deps.db, id);
  if (plan.status !== 'started' && plan.status !== 'paused') throw AppError.conflict(`plan ${id} is ${plan.status}; only a running plan's contacts can be acted on`);
  try {
    await executeUpdate(deps.temporal.workflow.getHandle(planWorkflowId(id)), intervenePlanUpdate, [
      { actor: actor.username, reason: body.reason, customerId, action: body.action },
    ]);
  } catch (err) {
    throw fromTemporal(err, 'plan');
  }
  await appendAudit(deps.db, { actor: actor.username, action: `plan.contact.${body.action}`, target: `plan:${id}:${customerId}`, after: { reason: body.reason } });
  return { ok: true };
}
