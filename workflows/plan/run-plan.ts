/**
 * runPlan: executes one plan. Loads targets in pages (already ordered by priority), starts one
 * contactCustomer child per customer under the concurrency limit, and counts their ends as they
 * report them. Pause, resume and cancel are updates that also reach the running contacts; an
 * operator can act on one contact. The run continues as new after `contactsPerRun` contacts or
 * when Temporal suggests it, carrying cursor, counters and the contacts still running (they are
 * started with parent-close policy ABANDON and report to the plan's workflow id, so whichever run
 * is current receives their end).
 */
import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { CampaignActivities } from '../../activities/campaign';
import { campaignStore } from './activity-options';
import {
  CONTACT_WORKFLOW,
  cancelPlanUpdate,
  contactAttemptNowSignal,
  contactDoneSignal,
  contactPauseSignal,
  contactStopSignal,
  contactWorkflowId,
  intervenePlanUpdate,
  occurrenceRunId,
  pausePlanUpdate,
  planProgressQuery,
  resumePlanUpdate,
  type ActorInput,
  type ContactInput,
  type InterveneInput,
  type PlanCarry,
  type PlanInput,
  type PlanProgress,
  type PlanResult,
  type PlanRunStatus,
} from './messages';

const { countPlanTargets, loadTargetPage, planEnded, prepareRunTargets } = proxyActivities<CampaignActivities>(campaignStore);

/** Far below Temporal's 51,200-event cap and the project's 10,000-event goal. */
const HISTORY_EVENT_LIMIT = 8000;

function requireActor(a: ActorInput): void {
  if (!a?.actor?.trim()) throw new Error('actor is required');
}

export async function runPlan(input: PlanInput): Promise<PlanResult> {
  const info = workflowInfo();
  const carry: PlanCarry = input.carry ?? {
    cursor: 0,
    exhausted: false,
    buffer: [],
    inFlight: [],
    counts: { targets: 0, done: 0, reached: 0, unreachable: 0, failed: 0, expired: 0, cancelled: 0, skipped: 0, inProgress: 0 },
    paused: false,
    started: 0,
    runs: 0,
  };
  carry.runs += 1;
  const counts = carry.counts;
  // Runs recorded before extra conditions carry no skip figures.
  counts.skipped ??= 0;
  const skipReasons = (carry.skipReasons ??= {});
  // An occurrence of a recurring plan keys everything by its own run id; continued runs get it as planId.
  const planId = input.occurrence && input.carry === undefined ? occurrenceRunId(input.planId, info.workflowId) : input.planId;
  const inFlight = new Set(carry.inFlight);
  let paused = carry.paused;
  let cancelled = false;
  let waiting = input.carry === undefined && input.startAt !== undefined;
  let startedThisRun = 0;
  /** Every contact has ended (the query then says finished, also after the workflow closed). */
  let over = false;

  const status = (): PlanRunStatus =>
    cancelled ? (inFlight.size > 0 ? 'cancelling' : 'cancelled') : over ? 'finished' : paused ? 'paused' : waiting ? 'waiting' : 'running';
  const progress = (): PlanProgress => ({
    planId,
    status: status(),
    ...counts,
    skipReasons: { ...skipReasons },
    inProgress: inFlight.size,
    runs: carry.runs,
    started: carry.started,
  });
  const contactTaskQueue = input.contactTaskQueue ?? info.taskQueue;

  /** Signals every running contact; a contact that has just ended is no error. */
  const broadcast = async (send: (id: string) => Promise<void>): Promise<void> => {
    await Promise.allSettled([...inFlight].map((c) => send(contactWorkflowId(planId, c))));
  };

  setHandler(planProgressQuery, progress);
  setHandler(contactDoneSignal, (d) => {
    if (!inFlight.delete(d.customerId)) return;
    counts.done += 1;
    counts[d.end] += 1;
  });
  setHandler(
    pausePlanUpdate,
    async () => {
      paused = true;
      await broadcast((id) => getExternalWorkflowHandle(id).signal(contactPauseSignal, { paused: true }));
      return progress();
    },
    {
      validator: (a: ActorInput) => {
        requireActor(a);
        if (cancelled) throw new Error('invalid transition cancelled → paused: the plan is cancelled');
        if (paused) throw new Error('invalid transition paused → paused: the plan is paused already');
      },
    },
  );
  setHandler(
    resumePlanUpdate,
    async () => {
      paused = false;
      await broadcast((id) => getExternalWorkflowHandle(id).signal(contactPauseSignal, { paused: false }));
      return progress();
    },
    {
      validator: (a: ActorInput) => {
        requireActor(a);
        if (cancelled) throw new Error('invalid transition cancelled → started: the plan is cancelled');
        if (!paused) throw new Error('invalid transition started → started: the plan is not paused');
      },
    },
  );
  setHandler(
    cancelPlanUpdate,
    async (a) => {
      cancelled = true;
      await broadcast((id) => getExternalWorkflowHandle(id).signal(contactStopSignal, a));
      return progress();
    },
    {
      validator: (a: ActorInput) => {
        requireActor(a);
        if (cancelled) throw new Error('invalid transition cancelled → cancelled: the plan is cancelled already');
      },
    },
  );
  setHandler(
    intervenePlanUpdate,
    async (i) => {
      const handle = getExternalWorkflowHandle(contactWorkflowId(planId, i.customerId));
      if (i.action === 'stop') await handle.signal(contactStopSignal, i);
      else await handle.signal(contactAttemptNowSignal, i);
      return { ok: true };
    },
    {
      validator: (i: InterveneInput) => {
        requireActor(i);
        if (i.action !== 'attempt-now' && i.action !== 'stop') throw new Error(`unknown action ${String(i.action)}`);
        if (!inFlight.has(i.customerId)) throw new Error(`customer ${i.customerId} has no contact in progress`);
      },
    },
  );

  if (input.carry === undefined) {
    counts.targets = input.occurrence
      ? await prepareRunTargets({ planId: input.planId, runId: planId })
      : await countPlanTargets(input.planId);
    if (input.startAt !== undefined && input.startAt > Date.now()) {
      await condition(() => cancelled, input.startAt - Date.now());
    }
    waiting = false;
  }

  const startContact = async (t: PlanCarry['buffer'][number]): Promise<void> => {
    const childInput: ContactInput = {
      planId,
      customerId: t.customerId,
      strategy: input.strategy,
      endAt: input.endAt,
      planWorkflowId: info.workflowId,
      data: t.data,
      service: input.service,
      paused,
      ...(input.localAttempts ? { localAttempt: true } : {}),
    };
    inFlight.add(t.customerId);
    carry.started += 1;
    startedThisRun += 1;
    let child;
    try {
      child = await startChild(input.contactWorkflowType ?? CONTACT_WORKFLOW, {
        workflowId: contactWorkflowId(planId, t.customerId),
        taskQueue: contactTaskQueue,
        args: [childInput],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        ...(input.priorityKey ? { priority: { priorityKey: input.priorityKey } } : {}),
      });
    } catch {
      // E.g. a contact with this business key exists already: count it failed rather than fail the plan.
      if (inFlight.delete(t.customerId)) {
        counts.done += 1;
        counts.failed += 1;
      }
      return;
    }
    // A contact that fails outright never reports its end: count it here, while this run is open.
    child.result().catch(() => {
      if (inFlight.delete(t.customerId)) {
        counts.done += 1;
        counts.failed += 1;
      }
    });
  };

  const timeToContinue = (): boolean =>
    startedThisRun >= (input.contactsPerRun ?? 300) ||
    workflowInfo().historyLength > HISTORY_EVENT_LIMIT ||
    workflowInfo().continueAsNewSuggested;

  for (;;) {
    if (cancelled) break;
    const ended = input.endAt !== undefined && Date.now() >= input.endAt;
    if (!paused && !ended && carry.buffer.length === 0 && !carry.exhausted) {
      const page = await loadTargetPage({
        planId,
        afterOrder: carry.cursor,
        limit: input.pageSize ?? 200,
        ...(input.conditions ? { conditions: input.conditions } : {}),
      });
      if (page.length === 0) carry.exhausted = true;
      else {
        carry.cursor = page[page.length - 1].order;
        for (const t of page) {
          if (t.skip === undefined) carry.buffer.push({ customerId: t.customerId, order: t.order, ...(t.data ? { data: t.data } : {}) });
          else {
            counts.skipped += 1;
            counts.done += 1;
            skipReasons[t.skip] = (skipReasons[t.skip] ?? 0) + 1;
          }
        }
      }
      continue;
    }
    const nothingLeft = ended || (carry.exhausted && carry.buffer.length === 0);
    if (nothingLeft && inFlight.size === 0) break;
    if (timeToContinue()) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof runPlan>({ ...input, planId, occurrence: undefined, carry: { ...carry, inFlight: [...inFlight], paused } });
    }
    if (!paused && !nothingLeft && inFlight.size < input.concurrency && carry.buffer.length > 0) {
      // Start every free slot's contact in one workflow task: the commands go out together.
      const room = Math.min(input.concurrency - inFlight.size, (input.contactsPerRun ?? 300) - startedThisRun);
      await Promise.all(carry.buffer.splice(0, Math.max(1, room)).map((t) => startContact(t)));
      continue;
    }
    const running = inFlight.size;
    const pausedNow = paused;
    const wake = (): boolean => cancelled || inFlight.size !== running || paused !== pausedNow;
    if (input.endAt !== undefined && !ended) await condition(wake, Math.max(1, input.endAt - Date.now()));
    else await condition(wake);
  }

  await condition(() => inFlight.size === 0);
  const notStarted = counts.targets - carry.started - counts.skipped;
  if (notStarted > 0) {
    counts[cancelled ? 'cancelled' : 'expired'] += notStarted;
    counts.done += notStarted;
  }
  const endStatus = cancelled ? 'cancelled' : 'finished';
  over = true;
  const final = { ...counts, inProgress: 0 };
  await planEnded({ planId, status: endStatus, counts: final });
  await condition(allHandlersFinished);
  return { ...final, planId, status: endStatus, runs: carry.runs };
}
