/**
 * What complaint assignment reads (store/complaint-routing.ts), on real FerretDB: each agent's open
 * complaints and each customer's last handler, kept in documents keyed by id; concurrent and repeated
 * writes neither lose nor double a complaint.
 */
import type { Connection } from 'mongoose';
import { agentLoads, lastOwnerOf, noteAssignment, noteClosed, openComplaintCounts } from '../../store/complaint-routing';
import { connectMongo } from '../../store/connection';
import { uniqueMongoUri } from '../support/servers';

let db: Connection;
beforeAll(async () => {
  db = await connectMongo(uniqueMongoUri('cmp-routing'));
}, 60_000);
afterAll(async () => {
  await db?.dropDatabase().catch(() => undefined);
  await db?.close();
});

describe('open complaints per agent', () => {
  test('when ten complaints are assigned to one agent at once, the agent owns ten; repeating one changes nothing', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => noteAssignment(db, { complaintId: `c${i}`, customerId: `cust-${i}`, owner: 'li' })));
    await noteAssignment(db, { complaintId: 'c3', customerId: 'cust-3', owner: 'li' });
    expect(await openComplaintCounts(db, ['li', 'zhang'])).toEqual(new Map([['li', 10], ['zhang', 0]]));
  }, 30_000);

  test('closing complaints at once frees each once; a complaint moved to another agent counts for the new one only', async () => {
    await Promise.all([noteClosed(db, 'c0', 'li'), noteClosed(db, 'c1', 'li'), noteClosed(db, 'c1', 'li'), noteClosed(db, 'c2', 'li')]);
    expect((await openComplaintCounts(db, ['li'])).get('li')).toBe(7);
    await noteAssignment(db, { complaintId: 'c5', customerId: 'cust-5', owner: 'zhang', previousOwner: 'li' });
    expect(await openComplaintCounts(db, ['li', 'zhang'])).toEqual(new Map([['li', 6], ['zhang', 1]]));
    const li = await agentLoads(db).findById('li').lean();
    expect([...(li?.open ?? [])].sort()).toEqual(['c3', 'c4', 'c6', 'c7', 'c8', 'c9']);
  }, 30_000);

  test("the customer's last handler is the agent of the latest assignment", async () => {
    expect(await lastOwnerOf(db, 'cust-new')).toBeUndefined();
    await noteAssignment(db, { complaintId: 'd1', customerId: 'cust-new', owner: 'li' });
    expect(await lastOwnerOf(db, 'cust-new')).toBe('li');
    await noteAssignment(db, { complaintId: 'd2', customerId: 'cust-new', owner: 'wu' });
    expect(await lastOwnerOf(db, 'cust-new')).toBe('wu');
  }, 30_000);
});
