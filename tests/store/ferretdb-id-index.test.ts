/**
 * The dev and test database is FerretDB v1.24 on SQLite, built with our patches
 * (tools/ferretdb/patches). Unpatched, its lookups by `_id` used an SQLite expression that differs
 * from the one its unique `_id` index is built on, so every find, update and delete by `_id` scanned
 * the table and parsed every document: the keyed reads and writes the read models rely on grew with
 * the collection; and a filter with conditions beside `_id` was not narrowed by `_id` at all.
 * FerretDB's `explain` returns SQLite's own query plan, so these tests fail against an unpatched build.
 */
import type { Connection } from 'mongoose';
import { connectMongo } from '../../store/connection';
import { uniqueMongoUri } from '../support/servers';

let db: Connection;
let ferret = false;
beforeAll(async () => {
  db = await connectMongo(uniqueMongoUri('idindex'));
  const info = await db.db!.command({ buildInfo: 1 });
  ferret = 'ferretdbVersion' in info;
  await db.db!.collection('things').insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `thing-${i}`, n: i })) as never);
});
afterAll(async () => {
  await db.dropDatabase();
  await db.close();
});

/** The query plan of a command as text: SQLite's own plan lines on FerretDB, the winning plan on MongoDB. */
async function planText(command: Record<string, unknown>): Promise<string> {
  const out = await db.db!.command({ explain: command });
  return ferret ? ((out.queryPlanner as { Plan?: string[] }).Plan ?? []).join('\n') : JSON.stringify(out.queryPlanner);
}

it('when a document is found by its string _id, then SQLite searches the _id index instead of scanning the table', async () => {
  const plan = await planText({ find: 'things', filter: { _id: 'thing-7' } });
  if (ferret) {
    expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
    expect(plan).not.toMatch(/SCAN/);
  } else {
    expect(plan).toMatch(/IDHACK|IXSCAN|EXPRESS/);
  }
  // And the lookup still finds exactly that document (the patched expression compares the same JSON).
  expect(await db.db!.collection('things').findOne({ _id: 'thing-7' } as never)).toEqual({ _id: 'thing-7', n: 7 });
});

it('when documents are updated and deleted by _id, then exactly the addressed ones change', async () => {
  const things = db.db!.collection<{ _id: string; n: number }>('things');
  expect((await things.updateOne({ _id: 'thing-3' }, { $set: { n: 300 } })).modifiedCount).toBe(1);
  expect((await things.deleteOne({ _id: 'thing-4' })).deletedCount).toBe(1);
  expect(await things.findOne({ _id: 'thing-3' })).toEqual({ _id: 'thing-3', n: 300 });
  expect(await things.findOne({ _id: 'thing-4' })).toBeNull();
  expect(await things.countDocuments({})).toBe(49);
  expect(await things.countDocuments({ n: 300 })).toBe(1);
});

it('when a filter is anything but a single string _id, then FerretDB still answers it correctly (without the index)', async () => {
  const things = db.db!.collection<{ _id: string; n: number }>('things');
  expect((await things.find({ n: { $gte: 45, $lt: 100 } }).sort({ n: 1 }).toArray()).map((t) => t._id)).toEqual(['thing-45', 'thing-46', 'thing-47', 'thing-48', 'thing-49']);
  expect((await things.find({ _id: { $in: ['thing-1', 'thing-2'] } }).sort({ _id: 1 }).toArray()).map((t) => t.n)).toEqual([1, 2]);
});

it('when a filter holds a string _id and other conditions, then SQLite still searches the _id index and only documents meeting every condition match', async () => {
  const things = db.db!.collection<{ _id: string; n: number }>('things');
  const plan = await planText({ find: 'things', filter: { _id: 'thing-7', n: { $gte: 0 } } });
  if (ferret) expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
  expect(await things.find({ _id: 'thing-7', n: 7 }).toArray()).toEqual([{ _id: 'thing-7', n: 7 }]);
  expect(await things.find({ _id: 'thing-7', n: 8 }).toArray()).toEqual([]);
  expect(await things.countDocuments({ _id: 'thing-7', $or: [{ n: { $lt: 0 } }, { n: 7 }] })).toBe(1);
  // A guarded update (the read model's "only move forward") changes the document only when the guard holds.
  expect((await things.updateOne({ _id: 'thing-8', n: { $lte: 5 } }, { $set: { n: 0 } })).matchedCount).toBe(0);
  expect((await things.updateOne({ _id: 'thing-8', n: { $lte: 8 } }, { $set: { n: 80 } })).modifiedCount).toBe(1);
  expect(await things.findOne({ _id: 'thing-8' })).toEqual({ _id: 'thing-8', n: 80 });
  expect((await things.deleteOne({ _id: 'thing-9', n: 10 })).deletedCount).toBe(0);
  expect(await things.countDocuments({})).toBe(49);
});