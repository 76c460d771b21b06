/**
 * Service-task handlers of the complaint process (`tp:type="complaint.*"`): each keeps the
 * complaint record in step with the case and steers the SLA clock. Every write goes through
 * `updateComplaint` (under the complaint's write lock) and is guarded by the round and the states
 * that legitimately lead to it, so that a retried activity changes nothing twice and an attempt
 * that timed out and completes late never sets a complaint back; every send goes through the
 * outbox with a key of complaint, step and round.
 */
import mongoose, { type Connection } from 'mongoose';
import { durationToMs } from '../../core/expression/feel';
import { calendarFor, classify, ClassificationError, clocksFor, DEFAULT_POLICY, type ComplaintPolicy, type Priority } from '../../core/complaints';
import { complaints, departments, insertComplaint, updateComplaint, type ComplaintDoc } from '../../store/complaints';
import { customers } from '../../store/contacts';
import { noteAssignment, noteClosed } from '../../store/complaint-routing';
import { BpmnHandlerError, type HandlerContext, type HandlerRegistry } from '../engine/handlers/registry';
import { sendOnce } from '../channels/outbox';
import { CHANNELS, type ChannelName, type ChannelRegistry } from '../channels/types';
import { chooseAgent } from './assign';
import { pauseSla, resumeSla, setSlaOwner, startSlaClock, stopSla, type TemporalAccess } from './sla-control';
import { registerReclassify } from './reclassify';

export interface ComplaintHandlerDeps {
  db: Connection;
  channels: ChannelRegistry;
  temporal: TemporalAccess;
  policy?: ComplaintPolicy;
  /** Wall clock of the handlers (tests may pin it). */
  now?: () => number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** Thrown (as a BPMN error) when a handler runs for a complaint with no record. */
function missing(id: string): BpmnHandlerError {
  return new BpmnHandlerError('COMPLAINT_NOT_FOUND', `complaint ${id} has no record`);
}

async function replyAddress(db: Connection, customerId: string, channel: ChannelName, given?: string): Promise<string> {
  if (given) return given;
  if (channel === 'web' || channel === 'app') return customerId;
  const c = await customers(db).findById(customerId, { emails: 1, phones: 1 }).lean();
  const addr = channel === 'email' ? c?.emails[0] : c?.phones[0];
  if (!addr) throw new BpmnHandlerError('NO_ADDRESS', `customer ${customerId} has no ${channel} address`);
  return addr;
}

/** Registers the complaint handlers on `registry`. */
export function registerComplaintHandlers(registry: HandlerRegistry, deps: ComplaintHandlerDeps): HandlerRegistry {
  const policy = deps.policy ?? DEFAULT_POLICY;
  const now = deps.now ?? Date.now;
  const Complaints = complaints(deps.db);
  const load = async (id: string): Promise<ComplaintDoc> => {
    const doc = await Complaints.findById(id).lean();
    if (!doc) throw missing(id);
    return doc;
  };
  const escalation = async (department: string): Promise<string[]> => {
    const d = await departments(deps.db).findById(department).lean();
    return d ? [d.supervisor, d.head] : [`supervisor:${department}`, `head:${department}`];
  };

  const run = (type: string, description: string, fn: (vars: Record<string, unknown>, ctx: HandlerContext) => Promise<Record<string, unknown>>): void => {
    registry.registerHandler(type, { description, run: (vars, _headers, ctx) => fn(vars, ctx) });
  };

  run('complaint.open', 'Creates the complaint record (once per case) from the intake variables.', async (vars, ctx) => {
    const id = ctx.caseId;
    // API intake wrote the record already (the usual case): a read by key costs less than an insert refused as a duplicate.
    const known = await Complaints.findById(id, { receivedAt: 1, round: 1 }).lean();
    if (known) return { complaintId: id, receivedAt: known.receivedAt.toISOString(), reopenWindow: policy.reopenWindow, surveyTimeout: policy.surveyTimeout, round: known.round };
    const channel = str(vars.channel) ?? 'web';
    if (!(CHANNELS as readonly string[]).includes(channel)) throw new BpmnHandlerError('BAD_CHANNEL', `unknown channel '${channel}'`);
    const customerId = str(vars.customerId);
    if (!customerId) throw new BpmnHandlerError('NO_CUSTOMER', 'customerId is required');
    const replyChannel = (str(vars.replyChannel) ?? channel) as ChannelName;
    const replyTo = await replyAddress(deps.db, customerId, replyChannel, str(vars.replyTo));
    const receivedAt = str(vars.receivedAt) ? new Date(vars.receivedAt as string) : new Date(now());
    await insertComplaint(deps.db, {
      _id: id,
      customerId,
      channel,
      replyChannel,
      replyTo,
      business: str(vars.business),
      subject: str(vars.subject),
      text: str(vars.text) ?? '',
      receivedAt,
    });
    const doc = await load(id);
    return { complaintId: id, receivedAt: doc.receivedAt.toISOString(), reopenWindow: policy.reopenWindow, surveyTimeout: policy.surveyTimeout, round: doc.round };
  });

  run('complaint.classify', 'Classifies by the FEEL decision (agent overrides win) and starts the SLA clocks.', async (vars, ctx) => {
    const doc = await load(ctx.caseId);
    let c;
    try {
      const decided = classify(policy, { text: doc.text, subject: doc.subject ?? '', channel: doc.channel, business: doc.business ?? '', segment: str(vars.segment) ?? '' });
      const chosen = classify(
        policy,
        { text: doc.text, subject: doc.subject ?? '', channel: doc.channel, business: doc.business ?? '', segment: str(vars.segment) ?? '' },
        { kind: str(vars.overrideKind), category: str(vars.overrideCategory), priority: str(vars.overridePriority) },
      );
      c = { ...chosen, ruleKind: decided.kind, ruleCategory: decided.category, rulePriority: decided.priority };
    } catch (err) {
      if (err instanceof ClassificationError) throw new BpmnHandlerError('BAD_CLASSIFICATION', `${err.field}: ${err.message}`);
      throw err;
    }
    if (doc.status === 'received') {
      await updateComplaint(
        deps.db,
        doc._id,
        { status: 'received' },
        {
          $set: {
            kind: c.kind,
            category: c.category,
            priority: c.priority,
            department: c.department,
            status: 'classified',
            ruleResult: { kind: c.ruleKind, category: c.ruleCategory, priority: c.rulePriority, rule: c.rule },
          },
          $push: { timeline: { at: new Date(now()), kind: 'classified', detail: `${c.kind}/${c.category}/${c.priority}${c.overridden ? ' (agent override)' : ''}` } },
        },
      );
    }
    const escalateTo = await escalation(c.department);
    await startSlaClock(deps.temporal, {
      complaintId: doc._id,
      round: 0,
      calendar: calendarFor(policy, c.priority),
      clocks: clocksFor(policy, doc.channel, c.category, c.priority),
      startedAt: doc.receivedAt.getTime(),
      escalateTo,
      warn: escalateTo.slice(0, 1),
    });
    return { kind: c.kind, category: c.category, priority: c.priority, department: c.department };
  });

  run('complaint.assign', 'Assigns an agent of the department by skills, sticky to the last agent of this customer.', async (vars, ctx) => {
    const doc = await load(ctx.caseId);
    const department = doc.department ?? 'customer-service';
    const dept = await departments(deps.db).findById(department).lean();
    // A retried activity keeps the agent chosen; a reopened complaint prefers its last owner.
    const choice =
      doc.owner && doc.status === 'assigned'
        ? { assignee: doc.owner, reason: 'kept' }
        : await chooseAgent(deps.db, { complaintId: doc._id, customerId: doc.customerId, department, skills: dept?.skills ?? [], now: now(), preferred: doc.owner });
    const assignee = choice.assignee ?? dept?.supervisor ?? `supervisor:${department}`;
    // Only from the states that lead to an assignment: an attempt that timed out and completes late
    // (after its retry moved the case on) must not set a replied or closed complaint back to assigned.
    const changed = await updateComplaint(
      deps.db,
      doc._id,
      { round: doc.round, status: mongoose.trusted({ $in: ['classified', 'reopened', 'assigned'] }) },
      { $set: { owner: assignee, status: 'assigned' }, $push: { timeline: { at: new Date(now()), kind: 'assigned', detail: `${assignee} (${choice.reason})` } } },
    );
    // The owner's load and the customer's last handler (idempotent, so a retry may note it again).
    if (changed) await noteAssignment(deps.db, { complaintId: doc._id, customerId: doc.customerId, owner: assignee, previousOwner: doc.owner });
    await setSlaOwner(deps.temporal, doc._id, doc.round, assignee);
    return { assignee, department, round: doc.round, replyText: null, needCustomerInfo: false };
  });

  run('complaint.ask-customer', 'Asks the customer for information and pauses the SLA clock until they answer.', async (vars, ctx) => {
    const doc = await load(ctx.caseId);
    // Counted before this ask is recorded, so a retry (status already waiting) reuses the key.
    const asked = doc.timeline.filter((t) => t.kind === 'asked-customer').length;
    const asks = doc.status === 'waiting-customer' ? asked - 1 : asked;
    const question = str(vars.question) ?? 'We need more information about your request. Please reply to this message.';
    await sendOnce(deps.db, deps.channels, { key: `${doc._id}:ask:${doc.round}:${asks}`, channel: doc.replyChannel as ChannelName, to: doc.replyTo, body: question });
    if (doc.status !== 'waiting-customer') {
      // Only from handling (assigned): a late attempt must not set a replied or closed complaint waiting.
      await updateComplaint(
        deps.db,
        doc._id,
        { round: doc.round, status: 'assigned' },
        { $set: { status: 'waiting-customer' }, $push: { timeline: { at: new Date(now()), kind: 'asked-customer', detail: question } } },
      );
    }
    await pauseSla(deps.temporal, doc._id, doc.round, 'waiting for the customer');
    return { needCustomerInfo: false };
  });

  run('complaint.resume', 'The customer answered: the SLA clock resumes.', async (vars, ctx) => {
    const doc = await load(ctx.caseId);
    if (doc.status === 'waiting-customer') {
      await updateComplaint(
        deps.db,
        doc._id,
        { round: doc.round, status: 'waiting-customer' },
        { $set: { status: 'assigned' }, $push: { timeline: { at: new Date(now()), kind: 'customer-answered', detail: str(vars.customerText) } } },
      );
    }
    await resumeSla(deps.temporal, doc._id, doc.round);
    return {};
  });

  run('complaint.reply', 'Replies on the channel the customer used or prefers, exactly once per round; stops the reply clock.', async (vars, ctx) => {
    const doc = await load(ctx.caseId);
    const body = str(vars.replyText);
    if (!body) throw new BpmnHandlerError('NO_REPLY_TEXT', 'replyText is required');
    const key = `${doc._id}:reply:${doc.round}`;
    const channel = doc.replyChannel as ChannelName;
    const receipt = await sendOnce(deps.db, deps.channels, { key, channel, to: doc.replyTo, subject: doc.subject ? `Re: ${doc.subject}` : 'Your request', body });
    if (!doc.replies.some((r) => r.key === key)) {
      // Once per round (the reply key), and only from handling: a late attempt finds the reply recorded.
      await updateComplaint(
        deps.db,
        doc._id,
        { round: doc.round, status: 'assigned', 'replies.key': mongoose.trusted({ $ne: key }) },
        {
          $set: { status: 'replied' },
          $push: {
            replies: { at: new Date(now()), channel, to: doc.replyTo, body, by: str(vars.assignee), key, providerId: receipt.providerId },
            timeline: { at: new Date(now()), kind: 'replied', detail: `on ${channel}`, actor: str(vars.assignee) },
          },
        },
      );
    }
    await stopSla(deps.temporal, doc._id, doc.round, 'reply');
    return { replied: true };
  });

  run('complaint.survey', 'Sends the satisfaction survey on the reply channel.', async (_vars, ctx) => {
    const doc = await load(ctx.caseId);
    await sendOnce(deps.db, deps.channels, {
      key: `${doc._id}:survey:${doc.round}`,
      channel: doc.replyChannel as ChannelName,
      to: doc.replyTo,
      body: 'How satisfied are you with how we handled your request? Answer 1 (not at all) to 5 (very).',
    });
    return {};
  });

  run('complaint.record-survey', 'Records the survey answer; a dissatisfied customer reopens the complaint.', async (vars, ctx) => {
    const doc = await load(ctx.caseId);
    const score = Number(vars.score);
    if (!Number.isFinite(score) || score < 1 || score > 5) throw new BpmnHandlerError('BAD_SCORE', `score must be 1–5, got ${String(vars.score)}`);
    const satisfied = score >= policy.satisfiedFrom;
    // Only a replied complaint awaits the answer: a late attempt must not set a closed or reopened one back.
    await updateComplaint(
      deps.db,
      doc._id,
      { round: doc.round, status: 'replied' },
      {
        $set: { satisfaction: { score, satisfied, comment: str(vars.comment), at: new Date(now()) }, status: 'surveyed' },
        $push: { timeline: { at: new Date(now()), kind: 'surveyed', detail: `score ${score}` } },
      },
    );
    return { satisfied, reopenRequested: !satisfied };
  });

  run('complaint.close', 'Closes the complaint, stops its SLA clocks and opens the reopen window.', async (_vars, ctx) => {
    const doc = await load(ctx.caseId);
    let closed = doc.status === 'closed';
    if (!closed) {
      const t = now();
      // From replied (no survey answer) or surveyed; a late attempt must not close a reopened round.
      closed = await updateComplaint(
        deps.db,
        doc._id,
        { round: doc.round, status: mongoose.trusted({ $in: ['replied', 'surveyed'] }) },
        {
          $set: { status: 'closed', closedAt: new Date(t), reopenUntil: new Date(t + durationToMs(policy.reopenWindow, t)) },
          $push: { timeline: { at: new Date(t), kind: 'closed' } },
        },
      );
    }
    // Also on a retry that finds the record closed: the first attempt may have stopped before this.
    if (closed && doc.owner) await noteClosed(deps.db, doc._id, doc.owner);
    await stopSla(deps.temporal, doc._id, doc.round, 'all');
    return {};
  });

  run('complaint.reopen', 'Reopens within the allowed days: a new round with fresh SLA clocks.', async (vars, ctx) => {
    const doc = await load(ctx.caseId);
    // The round moves once per reopening; a retried activity finds the status already reopened.
    let round = doc.round;
    if (doc.status === 'closed' || doc.status === 'surveyed') {
      if (doc.reopenUntil && doc.reopenUntil.getTime() < now()) throw new BpmnHandlerError('REOPEN_WINDOW_PASSED', `complaint ${doc._id} can no longer be reopened`);
      round = doc.round + 1;
      await updateComplaint(
        deps.db,
        doc._id,
        { round: doc.round, status: mongoose.trusted({ $in: ['closed', 'surveyed'] }) },
        { $set: { status: 'reopened', round }, $unset: { closedAt: 1, reopenUntil: 1 }, $push: { timeline: { at: new Date(now()), kind: 'reopened', detail: str(vars.reopenReason) } } },
      );
    }
    const fresh = await load(doc._id);
    const priority = (fresh.priority ?? 'normal') as Priority;
    await startSlaClock(deps.temporal, {
      complaintId: doc._id,
      round: fresh.round,
      calendar: calendarFor(policy, priority),
      clocks: clocksFor(policy, fresh.channel, fresh.category ?? 'general', priority),
      startedAt: now(),
      escalateTo: await escalation(fresh.department ?? 'customer-service'),
      warn: fresh.owner ? [fresh.owner] : [],
    });
    return { round: fresh.round, reopenRequested: false, satisfied: null };
  });

  registerReclassify(registry, { db: deps.db, temporal: deps.temporal, policy, now, load });
  return registry;
}
