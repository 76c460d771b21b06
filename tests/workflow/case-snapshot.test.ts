/**
 * The case read model on real FerretDB: a flush carrying a newer snapshot moves the case record's
 * position forward; a late (retried) flush carrying an older one leaves it alone.
 */
import type { Connection } from 'mongoose';
import { createEngineActivities } from '../../activities/engine';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import type { CaseRecordInput, CaseSnapshotInput, TraceEventInput } from '../../activities/engine/types';
import { connectMongo } from '../../store/connection';
import { caseRecordModel } from '../../store/engine/case-record';
import { caseRecordInput, traceEvents } from '../support/engine-records';
import { uniqueMongoUri } from '../support/servers';

let db: Connection;
beforeAll(async () => {
  db = await connectMongo(uniqueMongoUri('snapshot'));
});
afterAll(async () => {
  await db.dropDatabase();
  await db.close();
});

const caseId = 'case-snap-1';
const at = (minute: number): string => new Date(Date.UTC(2026, 10, 23, 9, minute)).toISOString();
const snapshot = (minute: number, elementId: string): CaseSnapshotInput => ({
  status: 'running',
  tokens: [{ id: 't1', elementId, scopeInstanceId: 's1', state: 'waiting', waitingFor: 'task' }],
  variables: { step: elementId },
  incidents: [],
  openTasks: [],
  at: at(minute),
});
const event = (seq: number, elementId: string): TraceEventInput =>
  traceEvents(caseId, seq, 1, () => ({ elementId, elementType: 'bpmn:UserTask', tokenId: 't1', lifecycle: 'start', at: at(seq) }))[0];
const record: CaseRecordInput = caseRecordInput(caseId, { startedAt: at(0), updatedAt: at(0), snapshot: snapshot(0, 'A') });

it('when flushes carry snapshots, then only a newer one replaces the stored position', async () => {
  const acts = createEngineActivities({ db, handlers: createHandlerRegistry() });
  await acts.flushCase({ events: [event(1, 'A')], record });
  const position = async (): Promise<unknown> => ((await caseRecordModel(db).findOne({ caseId }).lean())?.snapshot as { tokens: { elementId: string }[] }).tokens[0]?.elementId;
  expect(await position()).toBe('A');

  await acts.flushCase({ events: [event(2, 'B')], snapshot: snapshot(2, 'B') });
  expect(await position()).toBe('B');

  // A retried flush from before: its events are already there, its snapshot is older.
  await acts.flushCase({ events: [event(1, 'A')], snapshot: snapshot(1, 'A') });
  expect(await position()).toBe('B');
  const stored = await caseRecordModel(db).findOne({ caseId }).lean();
  expect((stored?.snapshot as { variables: unknown }).variables).toEqual({ step: 'B' });
});
