/**
 * A plan's targets as the plan workflow reads them: page documents keyed by plan and page number,
 * read by key (FerretDB decodes the whole collection for any filter but a bare `_id`), in the stored
 * order across page boundaries; plans stored before pages existed still page by query. The attempt
 * ledger and the simulated gateway write by insert and keep one record per attempt. Real FerretDB.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Connection } from 'mongoose';
import { createCampaignActivities } from '../../activities/campaign';
import { createSimulatedChannel, simulatedDeliveryModel } from '../../activities/campaign/simulated-channel';
import type { TargetRef } from '../../activities/campaign/types';
import { attemptModel } from '../../store/campaign/ledger';
import { TARGET_PAGE_SIZE, readTargetPage, targetPageKey, targetPageModel } from '../../store/campaign/target-pages';
import { planTargets, storeTargets, targetModel } from '../../store/campaign/targets';
import { connectMongo } from '../../store/connection';
import { uniqueMongoUri } from '../support/servers';

let db: Connection;
let acts: ReturnType<typeof createCampaignActivities>;
beforeAll(async () => {
  db = await connectMongo(uniqueMongoUri('targetpages'));
  await Promise.all([targetModel(db).init(), targetPageModel(db).init(), attemptModel(db).init(), simulatedDeliveryModel(db).init()]);
  acts = createCampaignActivities({ db, channels: createSimulatedChannel(db) });
});
afterAll(async () => {
  await db.dropDatabase();
  await db.close();
});

/** Every target of the plan through loadTargetPage, `limit` at a time, as the workflow pages. */
async function readAll(planId: string, limit: number): Promise<TargetRef[]> {
  const all: TargetRef[] = [];
  let cursor = 0;
  for (;;) {
    const page = await acts.loadTargetPage({ planId, afterOrder: cursor, limit });
    if (page.length === 0) return all;
    expect(page.length).toBeLessThanOrEqual(limit);
    all.push(...page);
    cursor = page[page.length - 1].order;
  }
}

describe('when a plan\'s targets are stored', () => {
  const n = 2 * TARGET_PAGE_SIZE + 37;
  const input = Array.from({ length: n }, (_, i) => ({
    customerId: `c-${i}`,
    priority: i % 10 === 0 ? 5 : 0,
    ...(i % 3 === 0 ? { data: { phone: `+86-${i}` } } : {}),
  }));
  // Higher priority first, then the order given.
  const expected = [...input.filter((t) => t.priority === 5), ...input.filter((t) => t.priority === 0)];

  it('then page documents keyed plan:p<N> hold them in order, each carrying the total, and the plan workflow pages through them in any page size', async () => {
    expect(await storeTargets(db, 'pg-1', [...input, { customerId: 'c-1' }])).toBe(n);
    const pages = await targetPageModel(db).find({ planId: 'pg-1' }).sort({ page: 1 }).lean();
    expect(pages.map((p) => [p._id, p.customerIds.length, p.total])).toEqual([
      [targetPageKey('pg-1', 0), TARGET_PAGE_SIZE, n],
      [targetPageKey('pg-1', 1), TARGET_PAGE_SIZE, n],
      [targetPageKey('pg-1', 2), 37, n],
    ]);
    expect(await acts.countPlanTargets('pg-1')).toBe(n);

    const want = expected.map((t, i) => ({ customerId: t.customerId, order: i + 1, ...(t.data ? { data: t.data } : {}) }));
    for (const limit of [TARGET_PAGE_SIZE, 200, 130, 3 * TARGET_PAGE_SIZE]) expect({ limit, got: await readAll('pg-1', limit) }).toEqual({ limit, got: want });
    // The per-target documents (what the API reads) agree with the pages.
    const docs = await targetModel(db).find({ planId: 'pg-1' }).sort({ order: 1 }).lean();
    expect(docs.map((d) => [d.customerId, d.order])).toEqual(want.map((t) => [t.customerId, t.order]));
    // The whole list in order (what a recurring plan's occurrence copies), read page by page.
    expect(await planTargets(db, 'pg-1')).toEqual(want.map(({ customerId, data }) => ({ customerId, ...(data ? { data } : {}) })));
  });

  it('then storing them again replaces the pages (no page of the longer list is left behind)', async () => {
    await storeTargets(db, 'pg-2', input);
    await storeTargets(db, 'pg-2', [{ customerId: 'only' }]);
    expect(await targetPageModel(db).countDocuments({ planId: 'pg-2' })).toBe(1);
    expect(await readAll('pg-2', 200)).toEqual([{ customerId: 'only', order: 1 }]);
    expect(await acts.countPlanTargets('pg-2')).toBe(1);
  });

  it('then a plan with no targets has page 0, empty, and pages nothing', async () => {
    await storeTargets(db, 'pg-empty', []);
    expect(await readTargetPage(db, 'pg-empty', 0)).toMatchObject({ total: 0, customerIds: [] });
    expect(await acts.countPlanTargets('pg-empty')).toBe(0);
    expect(await readAll('pg-empty', 50)).toEqual([]);
  });
});

describe('when a plan\'s targets were stored before pages existed (one document per target only)', () => {
  it('then they are counted and paged by query, in order', async () => {
    await targetModel(db).insertMany(
      Array.from({ length: 12 }, (_, i) => ({ _id: `old:o-${i}`, planId: 'old', customerId: `o-${i}`, order: i + 1, priority: 0 })),
    );
    expect(await readTargetPage(db, 'old', 0)).toBeNull();
    expect(await acts.countPlanTargets('old')).toBe(12);
    expect((await readAll('old', 5)).map((t) => t.customerId)).toEqual(Array.from({ length: 12 }, (_, i) => `o-${i}`));
    expect((await planTargets(db, 'old')).map((t) => t.customerId)).toEqual(Array.from({ length: 12 }, (_, i) => `o-${i}`));
  });
});

describe('when an attempt is made twice with the same key (a retried activity)', () => {
  it('then the gateway delivers once, counts the repeat, and the ledger holds one record; the second answer says replayed', async () => {
    const env = new MockActivityEnvironment();
    const attempt = { planId: 'att', customerId: 'a-1', attemptNo: 1, channel: 'sms', at: Date.now() };
    const first = await env.run(acts.contactAttempt, attempt);
    const second = await env.run(acts.contactAttempt, attempt);
    expect(first).toEqual({ outcome: 'completed', resultCode: 'ok', replayed: false });
    expect(second).toEqual({ outcome: 'completed', resultCode: 'ok', replayed: true });
    expect(await attemptModel(db).countDocuments({ planId: 'att' })).toBe(1);

    // The ledger write lost (the worker died after the gateway answered): the retry asks the gateway
    // again with the same key, gets the same result without a second delivery, and records it.
    await attemptModel(db).deleteOne({ _id: 'att:a-1:1' });
    const third = await env.run(acts.contactAttempt, attempt);
    expect(third).toEqual({ outcome: 'completed', resultCode: 'ok', replayed: false });
    const deliveries = await simulatedDeliveryModel(db).find({ planId: 'att' }).lean();
    expect(deliveries.map((d) => [d._id, d.requests])).toEqual([['att:a-1:1', 2]]);
    expect(await attemptModel(db).countDocuments({ planId: 'att' })).toBe(1);
  });
});
