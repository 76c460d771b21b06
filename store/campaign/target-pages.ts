/**
 * A plan's targets in pages of TARGET_PAGE_SIZE customers, one document per page keyed
 * `${planId}:p${n}`, written beside the per-target documents when targets are stored. The plan
 * workflow pages through them by `_id` alone: FerretDB (the test and development server) pushes
 * down only a filter that is exactly `{ _id }` and reads and decodes the whole collection for any
 * other, so a query by `planId` costs the size of every plan's targets, once per page; a page read
 * by key costs its own size. Every page carries the plan's total, so page 0 also answers "how many".
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '../model';

/** Customers per page document (orders n·size+1 … (n+1)·size). */
export const TARGET_PAGE_SIZE = 500;

export interface TargetPageDoc {
  /** `${planId}:p${page}`. */
  _id: string;
  planId: string;
  page: number;
  /** Targets of the plan, in all pages. */
  total: number;
  /** In order; the first has order `page * TARGET_PAGE_SIZE + 1`. */
  customerIds: string[];
  /** Extra columns per customer, aligned with customerIds (null where none); absent when no target of the page has any. */
  data?: (Record<string, string> | null)[];
}

const pageSchema = new Schema<TargetPageDoc>(
  {
    _id: { type: String, required: true },
    planId: { type: String, required: true },
    page: { type: Number, required: true, min: 0 },
    total: { type: Number, required: true, min: 0 },
    customerIds: { type: [String], default: [] },
    data: { type: [Schema.Types.Mixed], default: undefined },
  },
  { strict: 'throw', versionKey: false, collection: 'campaign_target_pages' },
);
pageSchema.index({ planId: 1, page: 1 }, { unique: true });

/** Target page documents bound to a connection. */
export function targetPageModel(conn: Connection): Model<TargetPageDoc> {
  return modelOn(conn, 'CampaignTargetPage', pageSchema);
}

/** The key of page `page` of a plan. */
export const targetPageKey = (planId: string, page: number): string => `${planId}:p${page}`;

/** The page holding the target with this order (orders start at 1). */
export const pageOfOrder = (order: number): number => Math.floor((order - 1) / TARGET_PAGE_SIZE);

/**
 * Replaces the plan's pages with these targets, already in order. Page 0 is written even for no
 * targets, so its presence says the plan has the paged layout.
 */
export async function writeTargetPages(
  conn: Connection,
  planId: string,
  ordered: readonly { customerId: string; data?: Record<string, string> }[],
): Promise<void> {
  const model = targetPageModel(conn);
  await model.deleteMany({ planId });
  const docs: TargetPageDoc[] = [];
  for (let page = 0; page === 0 || page * TARGET_PAGE_SIZE < ordered.length; page += 1) {
    const slice = ordered.slice(page * TARGET_PAGE_SIZE, (page + 1) * TARGET_PAGE_SIZE);
    const anyData = slice.some((t) => t.data);
    docs.push({
      _id: targetPageKey(planId, page),
      planId,
      page,
      total: ordered.length,
      customerIds: slice.map((t) => t.customerId),
      ...(anyData ? { data: slice.map((t) => t.data ?? null) } : {}),
    });
  }
  const BATCH = 50;
  for (let i = 0; i < docs.length; i += BATCH) await model.insertMany(docs.slice(i, i + BATCH), { ordered: false });
}

/** One page by key, or null when the plan has no such page (past the end, or targets stored before pages existed). */
export async function readTargetPage(conn: Connection, planId: string, page: number): Promise<TargetPageDoc | null> {
  return targetPageModel(conn).findById(targetPageKey(planId, page)).lean();
}

/**
 * Every target of the plan in order, page by page by key; null when the plan has no pages (stored
 * before they existed).
 */
export async function readAllTargetPages(conn: Connection, planId: string): Promise<{ customerId: string; data?: Record<string, string> }[] | null> {
  const first = await readTargetPage(conn, planId, 0);
  if (!first) return null;
  const out: { customerId: string; data?: Record<string, string> }[] = [];
  for (let page = 0, doc: TargetPageDoc | null = first; doc; ) {
    doc.customerIds.forEach((customerId, i) => {
      const data = doc?.data?.[i];
      out.push({ customerId, ...(data ? { data } : {}) });
    });
    page += 1;
    doc = page * TARGET_PAGE_SIZE < first.total ? await readTargetPage(conn, planId, page) : null;
  }
  return out;
}
