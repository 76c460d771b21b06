/**
 * Timer start events as Temporal Schedules: one schedule per (definition version, start event), created or
 * updated when a version becomes the live one and deleted when it is retired or superseded. Client-side code
 * (the API's deploy and retire paths call it), not an activity. Idempotent: calling it again converges on
 * the same schedules.
 *
 * A fired schedule starts `runProcess` with an empty caseId: Temporal appends the fire time to the
 * schedule's workflow id, and the workflow takes that id as its case id, so every firing is a case of its own.
 */
import { MONTHS, ScheduleAlreadyRunning, ScheduleNotFoundError, type Client, type ScheduleOptions, type ScheduleSpec } from '@temporalio/client';
import type { Connection } from 'mongoose';
import type { CompiledProcess } from '../../core/bpmn/graph';
import { planTimerStart, timerStarts, TimerStartError, type TimerStartPlan } from '../../core/bpmn/start-triggers';
import { definitions } from '../../store/definitions';
import { PROCESS_WORKFLOW, type ProcessInput } from '../../workflows/process/messages';

/** What a schedule needs of a deployed definition (a store/definitions document fits). */
export interface StartableDefinition {
  _id: string;
  processId: string;
  version: number;
  graph: CompiledProcess;
  calledGraphs?: Record<string, CompiledProcess>;
  retired?: boolean;
  createdAt?: Date;
}

export interface TimerStartOptions {
  taskQueue: string;
  /** Epoch ms; defaults to the clock. Anchors duration starts and decides whether a date is past. */
  now?: number;
}

export interface TimerStartSync {
  /** Schedules that now exist for the live version. */
  active: string[];
  /** Schedules deleted (retired or superseded versions). */
  removed: string[];
  /** Timer starts that got no schedule, with the reason (a date in the past, an unplannable value). */
  skipped: { definitionId: string; startEventId: string; reason: string }[];
}

/** The schedule id of one timer start event of one definition version. */
export function scheduleIdFor(definitionId: string, startEventId: string): string {
  return `tp-start/${definitionId}/${startEventId}`;
}

function specOf(plan: TimerStartPlan): { spec: ScheduleSpec; remainingActions?: number } {
  if (plan.kind === 'once') {
    const d = new Date(plan.at);
    return {
      spec: {
        calendars: [
          {
            year: d.getUTCFullYear(),
            month: MONTHS[d.getUTCMonth()],
            dayOfMonth: d.getUTCDate(),
            hour: d.getUTCHours(),
            minute: d.getUTCMinutes(),
            second: d.getUTCSeconds(),
            comment: 'timer start event (date)',
          },
        ],
        timezone: 'UTC',
      },
      remainingActions: 1,
    };
  }
  if (plan.kind === 'cron') return { spec: { cronExpressions: [plan.cron], timezone: 'UTC' } };
  return {
    spec: {
      intervals: [{ every: plan.everyMs, offset: plan.offsetMs }],
      ...(plan.startAt !== undefined ? { startAt: new Date(plan.startAt) } : {}),
    },
    remainingActions: plan.repetitions,
  };
}

function scheduleOptions(def: StartableDefinition, plan: TimerStartPlan, taskQueue: string): ScheduleOptions {
  const { spec, remainingActions } = specOf(plan);
  const input: ProcessInput = {
    caseId: '',
    definitionId: def._id,
    version: def.version,
    graph: def.graph,
    calledGraphs: def.calledGraphs,
    startEventId: plan.startEventId,
    actor: `schedule:${plan.startEventId}`,
  };
  return {
    scheduleId: scheduleIdFor(def._id, plan.startEventId),
    spec,
    action: {
      type: 'startWorkflow',
      workflowType: PROCESS_WORKFLOW,
      workflowId: `${def.processId}-v${def.version}-${plan.startEventId}`,
      taskQueue,
      args: [input],
    },
    policies: { overlap: 'ALLOW_ALL', catchupWindow: '1 minute' },
    memo: { definitionId: def._id, startEventId: plan.startEventId },
    state: { note: `timer start event ${plan.startEventId} of ${def._id}`, ...(remainingActions !== undefined ? { remainingActions } : {}) },
  };
}

/** Creates or updates the schedules of one definition's timer start events. */
export async function activateTimerStarts(client: Client, def: StartableDefinition, opts: TimerStartOptions): Promise<Omit<TimerStartSync, 'removed'>> {
  const now = opts.now ?? Date.now();
  const deployedAt = def.createdAt ? def.createdAt.getTime() : now;
  const out: Omit<TimerStartSync, 'removed'> = { active: [], skipped: [] };
  for (const { startEventId, timer } of timerStarts(def.graph)) {
    let plan: TimerStartPlan;
    try {
      plan = planTimerStart(startEventId, timer, deployedAt);
    } catch (err) {
      if (!(err instanceof TimerStartError)) throw err;
      out.skipped.push({ definitionId: def._id, startEventId, reason: err.message });
      continue;
    }
    if (plan.kind === 'once' && plan.at <= now) {
      out.skipped.push({ definitionId: def._id, startEventId, reason: `the start date ${new Date(plan.at).toISOString()} has passed` });
      await deleteSchedule(client, scheduleIdFor(def._id, startEventId));
      continue;
    }
    const options = scheduleOptions(def, plan, opts.taskQueue);
    try {
      await client.schedule.create(options);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      const { scheduleId: _id, memo: _memo, state, ...rest } = options;
      await client.schedule.getHandle(options.scheduleId).update(() => ({ ...rest, state: { ...state } }));
    }
    out.active.push(options.scheduleId);
  }
  return out;
}

async function deleteSchedule(client: Client, scheduleId: string): Promise<boolean> {
  try {
    await client.schedule.getHandle(scheduleId).delete();
    return true;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return false;
    throw err;
  }
}

/** Deletes the schedules of one definition's timer start events (absent ones are fine). */
export async function deactivateTimerStarts(client: Client, def: Pick<StartableDefinition, '_id' | 'graph'>): Promise<string[]> {
  const removed: string[] = [];
  for (const { startEventId } of timerStarts(def.graph)) {
    const id = scheduleIdFor(def._id, startEventId);
    if (await deleteSchedule(client, id)) removed.push(id);
  }
  return removed;
}

/**
 * Brings the schedules of one process in line with its versions: the newest version that is not retired
 * owns the timer starts; every other version's schedules are deleted (running cases are not touched).
 */
export async function syncTimerStarts(client: Client, versions: StartableDefinition[], opts: TimerStartOptions): Promise<TimerStartSync> {
  const live = versions.filter((v) => !v.retired).sort((a, b) => b.version - a.version)[0];
  const removed: string[] = [];
  for (const v of versions) if (v !== live) removed.push(...(await deactivateTimerStarts(client, v)));
  const activated = live ? await activateTimerStarts(client, live, opts) : { active: [], skipped: [] };
  return { ...activated, removed };
}

/** {@link syncTimerStarts} over every stored version of a process: what the deploy and retire paths call. */
export async function syncProcessTimerStarts(db: Connection, client: Client, processId: string, opts: TimerStartOptions): Promise<TimerStartSync> {
  const versions = await definitions(db)
    .find({ processId }, { _id: 1, processId: 1, version: 1, graph: 1, calledGraphs: 1, retired: 1, createdAt: 1 })
    .lean<StartableDefinition[]>();
  return syncTimerStarts(client, versions, opts);
}
