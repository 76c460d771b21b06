/**
 * FerretDB 1.x (SQLite) holds a connection for every statement of an update command that matches a
 * document until the whole command ends; its pool per database is 100. A retried trace flush written
 * as one bulk of upserts therefore wedged every writer of the database (the engine benchmark and the
 * complaint benchmark both stalled on it). These tests run on the real server and fail by timing out
 * if a flush goes back to multi-statement updates.
 */
import type { Connection } from 'mongoose';
import { createEngineActivities } from '../../activities/engine';
import { createHandlerRegistry } from '../../activities/engine/handlers/builtins';
import type { TraceEventInput } from '../../activities/engine/types';
import { connectMongo } from '../../store/connection';
import { traceEventModel } from '../../store/engine/trace-event';
import { traceEvents } from '../support/engine-records';
import { uniqueMongoUri } from '../support/servers';

let db: Connection;
beforeAll(async () => {
  db = await connectMongo(uniqueMongoUri('pool'));
  await traceEventModel(db).init();
});
afterAll(async () => {
  await db.dropDatabase();
  await db.close();
});

const events = traceEvents;

it('when a flush of 150 events is retried in full, then it completes and every event is stored once with its first recording time', async () => {
  const acts = createEngineActivities({ db, handlers: createHandlerRegistry() });
  const traces = traceEventModel(db);
  await acts.flushCase({ events: events('case-retry', 1, 150) });
  const first = await traces.findOne({ caseId: 'case-retry', seq: 75 }).lean();

  await acts.flushCase({ events: events('case-retry', 1, 150) });

  expect(await traces.countDocuments({ caseId: 'case-retry' })).toBe(150);
  const again = await traces.findOne({ caseId: 'case-retry', seq: 75 }).lean();
  expect(again?.recordedAt).toEqual(first?.recordedAt);
}, 60_000);

it('when a retried flush overlaps new events, then the old ones are kept and the new ones are added', async () => {
  const acts = createEngineActivities({ db, handlers: createHandlerRegistry() });
  const traces = traceEventModel(db);
  await acts.flushCase({ events: events('case-overlap', 1, 20) });
  await acts.flushCase({ events: events('case-overlap', 11, 20) });
  const seqs = (await traces.find({ caseId: 'case-overlap' }, { seq: 1 }).sort({ seq: 1 }).lean()).map((e) => e.seq);
  expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
}, 60_000);

it('when 40 cases flush retries at once, then the database stays writable afterwards', async () => {
  const acts = createEngineActivities({ db, handlers: createHandlerRegistry() });
  const before = await traceEventModel(db).countDocuments({});
  const batch = Array.from({ length: 40 }, (_, c) => events(`case-many-${c}`, 1, 10));
  await Promise.all(batch.map((e) => acts.flushCase({ events: e })));
  await Promise.all(batch.map((e) => acts.flushCase({ events: e })));
  await acts.flushCase({ events: events('case-after', 1, 3) });
  expect((await traceEventModel(db).countDocuments({})) - before).toBe(40 * 10 + 3);
}, 60_000);

it('when a record fails validation in a flush, then the flush fails instead of dropping it silently', async () => {
  const acts = createEngineActivities({ db, handlers: createHandlerRegistry() });
  const bad = { ...events('case-bad', 1, 1)[0], lifecycle: 'exploded' } as unknown as TraceEventInput;
  await expect(acts.flushCase({ events: [...events('case-bad', 2, 2), bad] })).rejects.toThrow(/lifecycle/);
}, 60_000);
