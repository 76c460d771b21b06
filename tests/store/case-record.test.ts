/**
 * The case record as the case view reads it: keyed by case id, carrying the trail written with each
 * flush (duplicates from retries dropped, gaps and long trails sent back to the trace events), and
 * records from before the key re-keyed by the worker. Real FerretDB.
 */
import mongoose, { type Connection } from 'mongoose';
import { createEngineActivities } from '../../activities/engine';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import type { CaseRecordInput, CaseSnapshotInput, CreateUserTaskInput, TraceEventInput } from '../../activities/engine/types';
import { connectMongo } from '../../store/connection';
import { caseRecordModel, findCaseRecord, migrateCaseRecordKeys, TRAIL_IN_RECORD, trailFromRecord, type TrailRecordEntry } from '../../store/engine/case-record';
import { findTasksByIds, taskModel } from '../../store/engine/task';
import { traceEventModel } from '../../store/engine/trace-event';
import { caseRecordInput, flushTime, traceEvents } from '../support/engine-records';
import { uniqueMongoUri } from '../support/servers';

let db: Connection;
beforeAll(async () => {
  db = await connectMongo(uniqueMongoUri('caserecord'));
  await Promise.all([caseRecordModel(db).init(), traceEventModel(db).init()]);
});
afterAll(async () => {
  await db.dropDatabase();
  await db.close();
});

const at = flushTime;
const events = (caseId: string, from: number, count: number): TraceEventInput[] =>
  traceEvents(caseId, from, count, (seq) => (seq === 3 ? { actor: 'op', reason: 'by hand' } : {}));
const record = (caseId: string): CaseRecordInput => caseRecordInput(caseId);
const entry = (seq: number): TrailRecordEntry => ({ seq, elementId: `el_${seq}`, elementType: 'bpmn:Task', lifecycle: 'start', at: new Date(at(seq)) });

describe('when the engine flushes a case', () => {
  it('then the record, keyed by the case id, holds the same trail as the trace events, a retried flush not doubling it', async () => {
    const acts = createEngineActivities({ db, handlers: createHandlerRegistry() });
    await acts.flushCase({ events: events('case-a', 1, 4), record: record('case-a') });
    await acts.flushCase({ events: events('case-a', 5, 3) });
    await acts.flushCase({ events: events('case-a', 5, 3) }); // the retry of the last flush

    const doc = await caseRecordModel(db).findById('case-a').lean();
    expect(doc?.caseId).toBe('case-a');
    const fromTrace = await traceEventModel(db).find({ caseId: 'case-a' }, { _id: 0, seq: 1, elementId: 1, lifecycle: 1, at: 1, actor: 1, reason: 1 }).sort({ seq: 1 }).lean();
    const fromRecord = trailFromRecord(doc);
    expect(fromRecord?.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(fromRecord?.map(({ seq, elementId, lifecycle, at: when, actor, reason }) => ({ seq, elementId, lifecycle, at: when, actor, reason }))).toEqual(
      fromTrace.map(({ seq, elementId, lifecycle, at: when, actor, reason }) => ({ seq, elementId, lifecycle, at: when, actor, reason })),
    );
  });

  it('then events past the record limit stay in the trace events only, and the record no longer vouches for the trail', async () => {
    const acts = createEngineActivities({ db, handlers: createHandlerRegistry() });
    await acts.flushCase({ events: events('case-long', 1, TRAIL_IN_RECORD + 5), record: record('case-long') });
    const doc = await findCaseRecord(db, 'case-long');
    expect(doc?.trail).toHaveLength(TRAIL_IN_RECORD);
    expect(trailFromRecord(doc)).toBeUndefined();
    expect(await traceEventModel(db).countDocuments({ caseId: 'case-long' })).toBe(TRAIL_IN_RECORD + 5);
  });
});

describe('when the record trail is read', () => {
  it('then duplicates are dropped and entries come in seq order', () => {
    expect(trailFromRecord({ trail: [entry(2), entry(1), entry(2), entry(3)] })?.map((e) => e.seq)).toEqual([1, 2, 3]);
  });
  it('then a gap (a flush not yet retried) or no trail sends the reader to the trace events', () => {
    expect(trailFromRecord({ trail: [entry(1), entry(3)] })).toBeUndefined();
    expect(trailFromRecord({ trail: [entry(2)] })).toBeUndefined();
    expect(trailFromRecord({})).toBeUndefined();
    expect(trailFromRecord(null)).toBeUndefined();
  });
});

describe('when records written before the case-id key exist', () => {
  it('then the migration re-keys each once, keeping its fields, and the lookup finds them before and after', async () => {
    const legacyId = new mongoose.Types.ObjectId();
    await caseRecordModel(db).collection.insertOne({ _id: legacyId, caseId: 'case-old', definitionId: 'P:1', version: 1, processId: 'P', status: 'completed', startedAt: new Date(at(0)), openTasks: 0, incidents: 0, updatedAt: new Date(at(9)) });
    expect((await findCaseRecord(db, 'case-old'))?.status).toBe('completed');

    expect(await migrateCaseRecordKeys(db)).toBe(1);
    const moved = await caseRecordModel(db).findById('case-old').lean();
    expect(moved).toMatchObject({ caseId: 'case-old', status: 'completed', definitionId: 'P:1' });
    expect(await caseRecordModel(db).countDocuments({ caseId: 'case-old' })).toBe(1);
    expect(await migrateCaseRecordKeys(db)).toBe(0);
  });
});

describe('when a case has user tasks', () => {
  const task = (taskId: string, caseId: string): CreateUserTaskInput => ({ taskId, caseId, elementId: 'Review', tokenId: 't1', candidateGroups: ['billing'], skills: [], createdAt: at(1) });
  const waiting = (openTasks: string[], second: number): CaseSnapshotInput => ({ status: 'running', tokens: [], variables: {}, incidents: [], openTasks, at: at(second) });

  it('then each task open at a flush is listed on the record once, and read back by key', async () => {
    const acts = createEngineActivities({ db, handlers: createHandlerRegistry() });
    await acts.createUserTask(task('case-t:Review:1', 'case-t'));
    await acts.flushCase({ events: events('case-t', 1, 2), record: { ...record('case-t'), snapshot: waiting(['case-t:Review:1'], 2) } });
    await acts.closeUserTask({ taskId: 'case-t:Review:1', status: 'completed', closedAt: at(3), completedBy: 'amy' });
    await acts.createUserTask(task('case-t:Review:2', 'case-t'));
    await acts.flushCase({ events: events('case-t', 3, 2), snapshot: waiting(['case-t:Review:2'], 4) });
    await acts.flushCase({ events: events('case-t', 3, 2), snapshot: waiting(['case-t:Review:2'], 4) }); // a retry

    const doc = await findCaseRecord(db, 'case-t');
    expect(doc?.taskIds).toEqual(['case-t:Review:1', 'case-t:Review:2']);
    expect(await taskModel(db).findById('case-t:Review:1').lean()).toMatchObject({ taskId: 'case-t:Review:1', status: 'completed' });
    const tasks = await findTasksByIds(db, doc?.taskIds ?? []);
    expect(tasks.map((t) => [t.taskId, t.status])).toEqual([
      ['case-t:Review:1', 'completed'],
      ['case-t:Review:2', 'open'],
    ]);
  });

  it('then a task id set aside for an earlier round can be used again, and a lookup finds the new task, not the old one', async () => {
    const acts = createEngineActivities({ db, handlers: createHandlerRegistry() });
    await acts.createUserTask(task('case-r:Handle', 'case-r'));
    await acts.closeUserTask({ taskId: 'case-r:Handle', status: 'completed', closedAt: at(2), completedBy: 'amy' });
    // What complaint handling does before a reopened round reaches the same task again.
    await taskModel(db).updateOne({ taskId: 'case-r:Handle' }, { $set: { taskId: 'case-r:Handle~1' } });

    await acts.createUserTask(task('case-r:Handle', 'case-r'));
    await acts.createUserTask(task('case-r:Handle', 'case-r')); // a retry finds it by task id

    expect(await taskModel(db).countDocuments({ caseId: 'case-r' })).toBe(2);
    const [again] = await findTasksByIds(db, ['case-r:Handle']);
    expect(again).toMatchObject({ taskId: 'case-r:Handle', status: 'open' });
    expect(await findTasksByIds(db, ['case-r:Handle~1', 'nope'])).toEqual([expect.objectContaining({ taskId: 'case-r:Handle~1', status: 'completed' })]);

    // Closing the new round's task closes it, not the earlier round's task that holds its key.
    await acts.closeUserTask({ taskId: 'case-r:Handle', status: 'cancelled', closedAt: at(5) });
    expect(await taskModel(db).findOne({ taskId: 'case-r:Handle' }).lean()).toMatchObject({ status: 'cancelled', closedAt: new Date(at(5)) });
    expect(await taskModel(db).findById('case-r:Handle').lean()).toMatchObject({ taskId: 'case-r:Handle~1', status: 'completed', closedAt: new Date(at(2)), completedBy: 'amy' });
  });
});
