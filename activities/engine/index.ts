/**
 * Engine activities: the I/O of the BPMN interpreter (service task handlers, task inbox, trace
 * events, case read model). Every write is an upsert keyed by business ids, so retries are safe.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import mongoose, { type Connection } from 'mongoose';
import { caseRecordModel, TRAIL_IN_RECORD, type TrailRecordEntry } from '../../store/engine/case-record';
import { taskModel } from '../../store/engine/task';
import { traceEventModel } from '../../store/engine/trace-event';
import { BpmnHandlerError, type HandlerRegistry } from './handlers/registry';
import {
  EngineFailure,
  type CaseRecordInput,
  type CaseSnapshotInput,
  type CloseUserTaskInput,
  type CreateUserTaskInput,
  type ServiceTaskInput,
  type TraceEventInput,
} from './types';

export interface EngineActivityDeps {
  db: Connection;
  handlers: HandlerRegistry;
}

// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- the inferred object type is the activity contract
export function createEngineActivities(deps: EngineActivityDeps) {
  const tasks = taskModel(deps.db);
  const traces = traceEventModel(deps.db);
  const cases = caseRecordModel(deps.db);

  /** Writes trace events idempotently: (caseId, seq) is unique. */
  async function recordTrace(events: TraceEventInput[], snapshot?: CaseSnapshotInput): Promise<void> {
    if (snapshot && events[0]) {
      // Only ever move the read model forward: a retried or late flush must not overwrite a newer snapshot.
      await cases.updateOne(
        // The operators are ours, not a caller's: mark them trusted, or sanitizeFilter turns them into $eq.
        { _id: events[0].caseId, $or: [{ 'snapshot.at': mongoose.trusted({ $exists: false }) }, { 'snapshot.at': mongoose.trusted({ $lte: snapshot.at }) }] },
        { $set: { snapshot } },
      );
    }
    if (events.length === 0) return;
    const recordedAt = new Date();
    // Plain inserts, unordered: an event already written by an earlier attempt fails alone with a
    // duplicate-key error on (caseId, seq) and is skipped. Not a bulk of upserts: FerretDB 1.x keeps
    // a SQLite connection open for every statement of an update command that matches a document until
    // the whole command ends, so a retried flush of many events exhausted the database's pool of 100
    // and wedged every writer of that database (tests/store/ferretdb-pool.test.ts).
    try {
      await traces.insertMany(
        events.map((e) => ({ ...e, at: new Date(e.at), recordedAt })),
        // Unordered inserts would otherwise drop a document that fails validation without a word.
        { ordered: false, throwOnValidationError: true },
      );
    } catch (err) {
      if (!onlyDuplicateKeys(err)) throw err;
    }
  }

  /**
   * Appends the flushed events with seq ≤ TRAIL_IN_RECORD to the record's trail (one keyed write), so the
   * case view reads one document. A retry appends again; readers drop the duplicates (trailFromRecord).
   */
  async function appendTrail(events: TraceEventInput[], openTasks: readonly string[] = []): Promise<void> {
    const update = trailAndTasks(events, openTasks);
    if (!update || !events[0]) return;
    await cases.updateOne({ _id: events[0].caseId }, update);
  }

  /** Writes the case record; `trailOf` events (see appendTrail) are appended to its trail in the same write. */
  async function upsertCaseRecord(input: CaseRecordInput, trailOf: TraceEventInput[] = []): Promise<void> {
    const { caseId, ...rest } = input;
    await cases.updateOne(
      { _id: caseId },
      {
        $set: {
          ...rest,
          startedAt: new Date(rest.startedAt),
          endedAt: rest.endedAt ? new Date(rest.endedAt) : undefined,
          updatedAt: new Date(rest.updatedAt),
        },
        $setOnInsert: { caseId },
        ...trailAndTasks(trailOf, input.snapshot?.openTasks ?? []),
      },
      { upsert: true },
    );
  }

  return {
    /** Runs the handler named by the task's `tp:type`; a BpmnHandlerError becomes a non-retryable 'BpmnError' failure. */
    async executeServiceTask(input: ServiceTaskInput): Promise<Record<string, unknown>> {
      const handler = deps.handlers.get(input.type);
      if (!handler) {
        throw ApplicationFailure.nonRetryable(`No handler registered for service task type '${input.type}'`, EngineFailure.HandlerNotFound);
      }
      const attempt = Context.current().info.attempt;
      try {
        const out = await handler.run(input.variables, input.headers, { caseId: input.caseId, elementId: input.elementId, attempt });
        return out && typeof out === 'object' ? out : {};
      } catch (err) {
        if (err instanceof BpmnHandlerError) {
          throw ApplicationFailure.create({ message: err.message, type: EngineFailure.BpmnError, nonRetryable: true, details: [err.errorCode] });
        }
        throw ApplicationFailure.create({ message: err instanceof Error ? err.message : String(err), type: EngineFailure.HandlerFailed });
      }
    },

    async createUserTask(input: CreateUserTaskInput): Promise<void> {
      const fields = {
        taskId: input.taskId,
        caseId: input.caseId,
        elementId: input.elementId,
        tokenId: input.tokenId,
        name: input.name,
        status: 'open',
        assignee: input.assignee,
        candidateGroups: input.candidateGroups,
        department: input.department,
        skills: input.skills,
        formKey: input.formKey,
        form: input.form,
        dueAt: input.dueAt ? new Date(input.dueAt) : undefined,
        createdAt: new Date(input.createdAt),
      };
      // By key first: FerretDB 1.x pushes down only a filter of exactly { _id }, and a filter on
      // taskId read every task (1.25 s per call at 1,000 complaints in the bench, 4 s at 2,000).
      const keyed = await tasks.updateOne({ _id: input.taskId }, { $setOnInsert: { _id: input.taskId, ...fields } }, { upsert: true });
      if (keyed.upsertedCount === 1) return;
      // The key existed: this task again (a retried activity), or a task of an earlier round whose id
      // was renamed when it closed (data from before tasks kept their ids) holding the key.
      const holder = await tasks.findById(input.taskId, { taskId: 1 }).lean();
      if (holder?.taskId === input.taskId) return;
      await tasks.updateOne({ taskId: input.taskId }, { $setOnInsert: fields }, { upsert: true });
    },

    async closeUserTask(input: CloseUserTaskInput): Promise<void> {
      const update = { $set: { status: input.status, closedAt: new Date(input.closedAt), completedBy: input.completedBy, data: input.data ?? {} } };
      // By key when the key is this task's (see createUserTask), else by the taskId field.
      const holder = await tasks.findById(input.taskId, { taskId: 1 }).lean();
      if (holder?.taskId === input.taskId) {
        await tasks.updateOne({ _id: input.taskId }, update);
        return;
      }
      const byField = await tasks.updateOne({ taskId: input.taskId }, update);
      if (byField.matchedCount > 0 || holder || !input.record) return;
      // No record yet: its creation was interrupted and may still land. Write the closed record under
      // the task's key; a creation arriving later finds the key taken and changes nothing (and one that
      // landed meanwhile is closed by this same write).
      const { record } = input;
      await tasks.updateOne(
        { _id: input.taskId },
        {
          ...update,
          $setOnInsert: { taskId: input.taskId, caseId: record.caseId, elementId: record.elementId, name: record.name, candidateGroups: [], skills: [], createdAt: new Date(record.createdAt) },
        },
        { upsert: true },
      );
    },

    recordTrace,

    /**
     * One write per flush of the interpreter (at its wait states): the buffered trace events
     * with the snapshot, then the case record when it changed (the record carries the snapshot itself).
     */
    async flushCase(input: { events: TraceEventInput[]; snapshot?: CaseSnapshotInput; record?: CaseRecordInput }): Promise<void> {
      if (input.record) {
        // The record with its trail in one keyed write, beside the trace events (another collection): the
        // flush at the end of a case is on the path to its result, so one database round trip, not three.
        await Promise.all([recordTrace(input.events), upsertCaseRecord(input.record, input.events)]);
        return;
      }
      await recordTrace(input.events, input.snapshot);
      // After the snapshot write to the same document (FerretDB 1.x does not make concurrent updates of one document atomic).
      await appendTrail(input.events, input.snapshot?.openTasks);
    },

    upsertCaseRecord,
  };
}

export type EngineActivities = ReturnType<typeof createEngineActivities>;

export { HandlerRegistry, BpmnHandlerError } from './handlers/registry';
export { createHandlerRegistry } from './handlers/builtins';

/**
 * The record's share of a flush: its events with seq ≤ TRAIL_IN_RECORD appended to the trail, and the
 * tasks open at the flush added to `taskIds` (every task waits through at least one flush), so the case
 * view reads its tasks by key. Undefined when there is nothing to add.
 */
function trailAndTasks(events: TraceEventInput[], openTasks: readonly string[]): { $push?: object; $addToSet?: object } | undefined {
  const kept = events.filter((e) => e.seq <= TRAIL_IN_RECORD);
  if (kept.length === 0 && openTasks.length === 0) return undefined;
  return {
    ...(kept.length > 0 ? { $push: { trail: { $each: kept.map(trailEntry) } } } : {}),
    ...(openTasks.length > 0 ? { $addToSet: { taskIds: { $each: [...openTasks] } } } : {}),
  };
}

/** The trail entry of a trace event as the case record keeps it. */
function trailEntry(e: TraceEventInput): TrailRecordEntry {
  return {
    seq: e.seq,
    elementId: e.elementId,
    elementType: e.elementType,
    ...(e.elementName !== undefined ? { elementName: e.elementName } : {}),
    lifecycle: e.lifecycle,
    at: new Date(e.at),
    ...(e.actor !== undefined ? { actor: e.actor } : {}),
    ...(e.reason !== undefined ? { reason: e.reason } : {}),
  };
}

/**
 * True when a bulk insert failed only because some documents were already there. Each write error is
 * E11000; depending on the layer it carries the code itself (the driver's WriteError) or in `err`
 * (the plain objects mongoose's insertMany reports).
 */
function onlyDuplicateKeys(err: unknown): boolean {
  const writeErrors = (err as { writeErrors?: unknown } | null)?.writeErrors;
  const list: unknown[] = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  const codeOf = (w: unknown): unknown => (w as { code?: unknown }).code ?? (w as { err?: { code?: unknown } }).err?.code;
  return list.length > 0 && list.every((w) => codeOf(w) === 11000);
}
