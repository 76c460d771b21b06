/**
 * Complaint use cases: intake on any channel (one case per client key), list and detail with SLA
 * clocks, the agent's reply, the customer's answers (information, survey, reopen) and the monthly
 * report. The complaint process itself is the BPMN `complaint-handling`, deployed on first use.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { complaints, insertComplaint, type ComplaintDoc } from '../../store/complaints';
import { customers } from '../../store/contacts';
import { taskModel } from '../../store/engine/task';
import { messageSignal, PROCESS_WORKFLOW, type ProcessInput } from '../../workflows/process/messages';
import { hasRole, type Principal } from '../auth/principal';
import { maskEmail, maskPhone } from '../customers/masking';
import { deployDefinition, resolveDefinition } from '../definitions/definitions.service';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { fromTemporal } from '../temporal-errors';
import { complete } from '../tasks/tasks.service';
import { clockViews } from './clock-view';
import type { ListQuery, SubmitBody } from './complaints.schemas';

export const COMPLAINT_PROCESS_ID = 'complaint-handling';
const BPMN_PATH = path.resolve(__dirname, '../../processes/complaint-handling.bpmn');
const SYSTEM: Principal = { id: 'system', username: 'system', kind: 'api-key', roles: ['admin'], groups: [], skills: [] };

const deployed = new WeakMap<Connection, Promise<void>>();

/**
 * Deploys the default complaint process unless a version of it exists (deploying the same XML
 * again would return the existing version anyway). Process owners edit it in the modeler and
 * deploy new versions; intake always uses the latest.
 */
export function ensureComplaintProcess(db: Connection): Promise<void> {
  let p = deployed.get(db);
  if (!p) {
    p = (async () => {
      if (await resolveDefinition(db, COMPLAINT_PROCESS_ID)) return;
      await deployDefinition(db, readFileSync(BPMN_PATH, 'utf8'), 'default complaint process', SYSTEM);
    })();
    p.catch(() => deployed.delete(db));
    deployed.set(db, p);
  }
  return p;
}

const complaintIdOf = (key: string): string => `cmp-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

export async function submitComplaint(
  deps: AppDeps,
  body: SubmitBody,
  headerKey: string | undefined,
  actor: Principal,
): Promise<{ complaintId: string; created: boolean; definitionId: string; links: Record<string, string> }> {
  if (headerKey && body.idempotencyKey && headerKey !== body.idempotencyKey) {
    throw AppError.badRequest('Idempotency-Key header and body.idempotencyKey differ', [{ field: 'body.idempotencyKey', message: 'differs from the header' }]);
  }
  const key = headerKey ?? body.idempotencyKey ?? randomUUID();
  const id = complaintIdOf(key);
  const customer = await customers(deps.db).findById(body.customerId, { emails: 1, phones: 1 }).lean();
  if (!customer) throw AppError.unprocessable(`customer ${body.customerId} not found`, [{ field: 'body.customerId', message: 'unknown customer' }]);
  const replyChannel = body.replyChannel ?? body.channel;
  const replyTo =
    body.replyTo ??
    (replyChannel === 'email' ? customer.emails[0] : replyChannel === 'sms' || replyChannel === 'voice' ? customer.phones[0] : body.customerId);
  if (!replyTo) throw AppError.unprocessable(`customer ${body.customerId} has no ${replyChannel} address`, [{ field: 'body.replyTo', message: 'required: no address on record' }]);

  await ensureComplaintProcess(deps.db);
  const existing = await complaints(deps.db).findById(id, { _id: 1 }).lean();
  const def = await resolveDefinition(deps.db, COMPLAINT_PROCESS_ID);
  if (!def) throw AppError.unavailable('the complaint process is not deployed');
  const receivedAt = new Date();
  const created = existing ? false : await insertComplaint(deps.db, { _id: id, customerId: body.customerId, channel: body.channel, replyChannel, replyTo, text: body.text, subject: body.subject, business: body.business, receivedAt });
  const input: ProcessInput = {
    caseId: id,
    definitionId: def._id,
    version: def.version,
    graph: def.graph,
    calledGraphs: def.calledGraphs,
    variables: {
      customerId: body.customerId,
      channel: body.channel,
      replyChannel,
      replyTo,
      text: body.text,
      subject: body.subject ?? null,
      business: body.business ?? null,
      overrideKind: body.overrideKind ?? null,
      overrideCategory: body.overrideCategory ?? null,
      overridePriority: body.overridePriority ?? null,
      receivedAt: receivedAt.toISOString(),
    },
    customerId: body.customerId,
    touchpoint: `complaint:${body.channel}`,
    actor: actor.username,
  };
  try {
    await deps.temporal.workflow.start(PROCESS_WORKFLOW, {
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      workflowId: id,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw fromTemporal(err, 'complaint');
  }
  return { complaintId: id, created, definitionId: def._id, links: { self: `/complaints/${id}`, case: `/cases/${id}`, customer: `/customers/${body.customerId}` } };
}

/** Agents, operators and admins see contact addresses; other roles see them masked. */
function address(doc: Pick<ComplaintDoc, 'replyTo' | 'replyChannel'>, user: Principal): string {
  if (hasRole(user, 'admin', 'operator', 'agent')) return doc.replyTo;
  if (doc.replyChannel === 'email') return maskEmail(doc.replyTo);
  if (doc.replyChannel === 'sms' || doc.replyChannel === 'voice') return maskPhone(doc.replyTo);
  return doc.replyTo;
}

/** A complaint as lists show it (no text, timeline or replies; contact address masked by role). */
export function complaintSummary(d: ComplaintDoc, user: Principal): Record<string, unknown> {
  return {
    id: d._id,
    customerId: d.customerId,
    channel: d.channel,
    replyChannel: d.replyChannel,
    replyTo: address(d, user),
    status: d.status,
    slaState: d.slaState,
    kind: d.kind,
    category: d.category,
    priority: d.priority,
    department: d.department,
    owner: d.owner,
    round: d.round,
    receivedAt: d.receivedAt.toISOString(),
    closedAt: d.closedAt?.toISOString(),
  };
}

export async function listComplaints(deps: AppDeps, q: ListQuery, user: Principal): Promise<{ items: Record<string, unknown>[]; total: number }> {
  const filter: Record<string, unknown> = {};
  for (const k of ['status', 'slaState', 'department', 'channel', 'customerId'] as const) if (q[k] !== undefined) filter[k] = q[k];
  const C = complaints(deps.db);
  const [docs, total] = await Promise.all([
    C.find(filter, { text: 0, timeline: 0, replies: 0 }).sort({ receivedAt: -1 }).skip(q.skip).limit(q.limit).lean(),
    C.countDocuments(filter),
  ]);
  return { items: docs.map((d) => complaintSummary(d, user)), total };
}

export async function getComplaint(deps: AppDeps, id: string, user: Principal): Promise<Record<string, unknown>> {
  const d = await complaints(deps.db).findById(id).lean();
  if (!d) throw AppError.notFound('complaint');
  const masked = !hasRole(user, 'admin', 'operator', 'agent');
  return {
    ...complaintSummary(d, user),
    subject: d.subject,
    text: d.text,
    business: d.business,
    clocks: await clockViews(deps.db, d.clocks ?? []),
    escalations: d.escalations ?? [],
    replies: (d.replies ?? []).map((r) => ({ ...r, to: masked ? '***' : r.to })),
    satisfaction: d.satisfaction,
    timeline: d.timeline ?? [],
    reopenUntil: d.reopenUntil?.toISOString(),
    // What the rules decided and each agent override (who, when, from, to): the screens show both.
    ruleResult: d.ruleResult,
    overrides: d.overrides ?? [],
  };
}

/** The agent's answer: completes the open handling task of the complaint with the reply (or a question). */
export async function replyToComplaint(deps: AppDeps, id: string, data: Record<string, unknown>, user: Principal): Promise<{ ok: true; taskId: string }> {
  if (data.needCustomerInfo !== true && data.replyText === undefined) {
    throw AppError.badRequest('replyText is required unless needCustomerInfo is true', [{ field: 'body.replyText', message: 'required' }]);
  }
  if (data.needCustomerInfo === true && data.question === undefined) {
    throw AppError.badRequest('question is required when needCustomerInfo is true', [{ field: 'body.question', message: 'required' }]);
  }
  const doc = await complaints(deps.db).findById(id, { _id: 1 }).lean();
  if (!doc) throw AppError.notFound('complaint');
  const task = await taskModel(deps.db).findOne({ caseId: id, elementId: 'Handle', status: 'open' }, { taskId: 1 }).lean();
  if (!task) throw AppError.conflict(`complaint ${id} has no open handling task`);
  await complete(deps, task.taskId, data, user);
  return { ok: true, taskId: task.taskId };
}

async function message(deps: AppDeps, id: string, name: string, variables: Record<string, unknown>): Promise<void> {
  try {
    await deps.temporal.workflow.getHandle(id).signal(messageSignal, { name, correlationKey: id, variables });
  } catch (err) {
    const e = fromTemporal(err, 'complaint');
    if (e.status === 404) throw new AppError(409, 'ComplaintClosed', `complaint ${id} is no longer open`);
    throw e;
  }
}

export async function customerInfo(deps: AppDeps, id: string, text: string): Promise<{ ok: true }> {
  const d = await complaints(deps.db).findById(id, { status: 1 }).lean();
  if (!d) throw AppError.notFound('complaint');
  if (d.status !== 'waiting-customer') throw AppError.conflict(`complaint ${id} is not waiting for the customer (status ${d.status})`);
  await message(deps, id, 'customer-info', { customerText: text });
  return { ok: true };
}

export async function answerSurvey(deps: AppDeps, id: string, score: number, comment: string | undefined): Promise<{ ok: true }> {
  const d = await complaints(deps.db).findById(id, { status: 1, satisfaction: 1, replies: 1, round: 1 }).lean();
  if (!d) throw AppError.notFound('complaint');
  if (d.status !== 'replied') throw AppError.conflict(`complaint ${id} awaits no survey answer (status ${d.status})`);
  await message(deps, id, 'survey-answer', { score, comment: comment ?? null });
  return { ok: true };
}

/** Reopens a closed complaint while its reopen window lasts; afterwards 409 naming the window. */
export async function reopenComplaint(deps: AppDeps, id: string, reason: string, user: Principal, now = Date.now()): Promise<{ ok: true }> {
  const d = await complaints(deps.db).findById(id, { status: 1, reopenUntil: 1 }).lean();
  if (!d) throw AppError.notFound('complaint');
  if (d.status !== 'closed') throw AppError.conflict(`complaint ${id} is not closed (status ${d.status})`);
  if (!d.reopenUntil || d.reopenUntil.getTime() < now) {
    throw new AppError(409, 'ReopenWindowPassed', `complaint ${id} could be reopened until ${d.reopenUntil?.toISOString() ?? 'closure'}`, {
      errors: [{ field: 'reopenUntil', message: 'the reopen window has passed' }],
    });
  }
  await message(deps, id, 'reopen', { reopenReason: reason, reopenedBy: user.username });
  return { ok: true };
}
