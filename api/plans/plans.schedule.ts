/**
 * Recurring plans: a Temporal Schedule (id = the plan's workflow id) starts one runPlan occurrence
 * per firing, skipping a firing while the previous occurrence still runs (overlap SKIP). Pausing,
 * resuming and cancelling the plan pause, unpause and delete the Schedule and pass the same step
 * to the occurrence that is running.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type ScheduleDescription } from '@temporalio/client';
import type { PlanDoc } from '../../store/campaign/plans';
import {
  cancelPlanUpdate,
  occurrenceRunId,
  pausePlanUpdate,
  PLAN_WORKFLOW,
  planProgressQuery,
  planWorkflowId,
  resumePlanUpdate,
  type ActorInput,
  type PlanInput,
  type PlanProgress,
} from '../../workflows/plan/messages';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { executeUpdate } from '../temporal-update';
import { everyMs } from './plans.schemas';

/** One occurrence of a recurring plan as the API shows it. */
export interface PlanOccurrence {
  runId: string;
  workflowId: string;
  scheduledAt?: string;
  startedAt?: string;
  running: boolean;
  /** Its progress query; null when the engine could not answer. */
  progress: PlanProgress | null;
}

export interface PlanRuns {
  planId: string;
  paused: boolean;
  nextRunAt?: string;
  occurrencesStarted: number;
  /** Firings skipped because the previous occurrence was still running. */
  skippedOverlapping: number;
  /** The most recent occurrences, newest first (Temporal keeps the last ten). */
  occurrences: PlanOccurrence[];
}

/** Creates the plan's Schedule; the occurrence input carries no startAt (the Schedule starts it). */
export async function createPlanSchedule(deps: AppDeps, plan: PlanDoc, input: PlanInput): Promise<void> {
  const { startAt: _start, ...occurrence } = input;
  const cycle = plan.cycle;
  try {
    await deps.temporal.schedule.create({
      scheduleId: planWorkflowId(plan._id),
      spec: {
        ...(cycle.cron ? { cronExpressions: [cycle.cron] } : { intervals: [{ every: everyMs(cycle.every ?? '') }] }),
        timezone: cycle.timeZone ?? 'UTC',
        ...(plan.startAt ? { startAt: new Date(plan.startAt) } : {}),
        ...(plan.endAt ? { endAt: new Date(plan.endAt) } : {}),
      },
      action: {
        type: 'startWorkflow',
        workflowType: PLAN_WORKFLOW,
        workflowId: planWorkflowId(plan._id),
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        args: [{ ...occurrence, occurrence: true }],
      },
      policies: { overlap: 'SKIP', catchupWindow: '1 minute' },
      memo: { planId: plan._id },
    });
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) {
      throw new AppError(409, 'InvalidTransition', `invalid transition ${plan.status} → started: a schedule for plan ${plan._id} exists already`);
    }
    const message = err instanceof Error ? err.message : String(err);
    if (/invalid|cron|spec/i.test(message)) throw AppError.unprocessable(`the plan's cycle is refused by the scheduler: ${message}`, [{ field: 'cycle', message }]);
    throw err;
  }
}

async function describe(deps: AppDeps, planId: string): Promise<ScheduleDescription> {
  try {
    return await deps.temporal.schedule.getHandle(planWorkflowId(planId)).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw AppError.notFound(`schedule of plan ${planId}`);
    throw err;
  }
}

/** Sends a lifecycle step to every running occurrence; one that ended meanwhile (or is in that state already) is no error. */
async function toRunning(deps: AppDeps, desc: ScheduleDescription, send: (workflowId: string) => Promise<unknown>): Promise<void> {
  await Promise.allSettled(desc.info.runningActions.map((a) => send(a.workflow.workflowId)));
}

/** Pause, resume or cancel a recurring plan: its Schedule first, then the running occurrence. */
export async function steerSchedule(deps: AppDeps, planId: string, action: 'pause' | 'resume' | 'cancel', who: ActorInput): Promise<void> {
  const handle = deps.temporal.schedule.getHandle(planWorkflowId(planId));
  const note = `${action} by ${who.actor}${who.reason ? `: ${who.reason}` : ''}`;
  const update = (def: typeof pausePlanUpdate) => (workflowId: string) => executeUpdate(deps.temporal.workflow.getHandle(workflowId), def, [who]);
  try {
    if (action === 'pause') await handle.pause(note);
    else if (action === 'resume') await handle.unpause(note);
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) throw AppError.notFound(`schedule of plan ${planId}`);
    throw err;
  }
  const desc = await describe(deps, planId);
  if (action === 'pause') await toRunning(deps, desc, update(pausePlanUpdate));
  else if (action === 'resume') await toRunning(deps, desc, update(resumePlanUpdate));
  else {
    // Delete first so no new occurrence starts, then stop the one running.
    await handle.delete();
    await toRunning(deps, desc, update(cancelPlanUpdate));
  }
}

/** The Schedule's state and its recent occurrences with their progress. */
export async function planRuns(deps: AppDeps, planId: string): Promise<PlanRuns> {
  const desc = await describe(deps, planId);
  const running = new Set(desc.info.runningActions.map((a) => a.workflow.workflowId));
  const recent = [...desc.info.recentActions].reverse();
  const occurrences = await Promise.all(
    recent.map(async (a): Promise<PlanOccurrence> => {
      const workflowId = a.action.workflow.workflowId;
      const progress = await deps.temporal.workflow
        .getHandle(workflowId)
        .query(planProgressQuery)
        .catch(() => null);
      return {
        runId: occurrenceRunId(planId, workflowId),
        workflowId,
        scheduledAt: a.scheduledAt.toISOString(),
        startedAt: a.takenAt.toISOString(),
        running: running.has(workflowId),
        progress,
      };
    }),
  );
  const next = desc.info.nextActionTimes[0];
  return {
    planId,
    paused: desc.state.paused,
    ...(next ? { nextRunAt: next.toISOString() } : {}),
    occurrencesStarted: desc.info.numActionsTaken,
    skippedOverlapping: desc.info.numActionsSkippedOverlap,
    occurrences,
  };
}
