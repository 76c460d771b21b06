/**
 * The case record as the case view reads it: keyed by case id, carrying the trail written with each
 * flush (duplicates from retries dropped, gaps and long trails sent back to the trace events), and
 * records from before the key re-keyed by the worker. Real FerretDB.
 */
import mongoose, { type Connection } from 'mongoose';
import { createEngineActivities } from '../../activities/engine';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import type { CaseRecordInput, TraceEventInput } from '../../activities/engine/types';
import { connectMongo } from '../../store/connection';
import { caseRecordModel, findCaseRecord, migrateCaseRecordKeys, TRAIL_IN_RECORD, trailFromRecord, type TrailRecordEntry } from '../../store/engine/case-record';
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
