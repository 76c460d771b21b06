/**
 * The target customers of a plan, one document per (plan, customer). `order` is fixed when the
 * targets are stored (higher priority first, then the order given). The plan workflow reads the
 * same targets from page documents by key (target-pages.ts); plans stored before pages existed
 * are paged here by `order`.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { customers } from '../contacts';
import { modelOn } from '../model';
import { readAllTargetPages, writeTargetPages } from './target-pages';

export interface TargetDoc {
  /** `${planId}:${customerId}`. */
  _id: string;
  planId: string;
  customerId: string;
  order: number;
  priority: number;
  /** Extra columns of an uploaded list (e.g. phone), handed to the per-customer flow. */
  data?: Record<string, string>;
  /** Set when an extra condition of the plan ruled the customer out before any contact. */
  skipped?: { reason: string; at: Date };
}

const targetSchema = new Schema<TargetDoc>(
  {
    _id: { type: String, required: true },
    planId: { type: String, required: true },
    customerId: { type: String, required: true },
    order: { type: Number, required: true },
    priority: { type: Number, default: 0 },
    data: { type: Schema.Types.Mixed },
    skipped: { type: new Schema({ reason: { type: String, required: true }, at: { type: Date, required: true } }, { _id: false, strict: 'throw' }) },
  },
  { strict: 'throw', versionKey: false, collection: 'campaign_targets' },
);
targetSchema.index({ planId: 1, order: 1 }, { unique: true });

/** Plan targets bound to a connection. */
export function targetModel(conn: Connection): Model<TargetDoc> {
  return modelOn(conn, 'CampaignTarget', targetSchema);
}

/** A target to store: customer id, priority (higher first) and optional extra data. */
export interface TargetInput {
  customerId: string;
  priority?: number;
  data?: Record<string, string>;
}

/**
 * Replaces the plan's targets: duplicates (same customer) keep their first appearance; order is
 * priority descending, then input order. Writes one document per target (what the API and the
 * customer link read) and the page documents the plan workflow reads (target-pages.ts). Returns
 * how many were stored.
 */
export async function storeTargets(conn: Connection, planId: string, input: readonly TargetInput[]): Promise<number> {
  const seen = new Set<string>();
  const unique = input.filter((t) => !seen.has(t.customerId) && seen.add(t.customerId));
  const ordered = unique.map((t, i) => ({ t, i })).sort((a, b) => (b.t.priority ?? 0) - (a.t.priority ?? 0) || a.i - b.i);
  const model = targetModel(conn);
  await model.deleteMany({ planId });
  const BATCH = 1000;
  for (let i = 0; i < ordered.length; i += BATCH) {
    await model.insertMany(
      ordered.slice(i, i + BATCH).map(({ t }, j) => ({
        _id: `${planId}:${t.customerId}`,
        planId,
        customerId: t.customerId,
        order: i + j + 1,
        priority: t.priority ?? 0,
        ...(t.data ? { data: t.data } : {}),
      })),
      { ordered: false },
    );
  }
  await writeTargetPages(conn, planId, ordered.map(({ t }) => ({ customerId: t.customerId, ...(t.data ? { data: t.data } : {}) })));
  return ordered.length;
}

/** The plan's targets in order (customer id, extra data): from its pages by key, else by query (plans stored before pages). */
export async function planTargets(conn: Connection, planId: string): Promise<TargetInput[]> {
  const paged = await readAllTargetPages(conn, planId);
  if (paged) return paged;
  return (await targetModel(conn).find({ planId }).sort({ order: 1 }).lean()).map((t) => ({ customerId: t.customerId, priority: t.priority, ...(t.data ? { data: t.data } : {}) }));
}

/** A selection over customer records: segment, a consent flag, at most `limit` customers. */
export interface CustomerQuery {
  segment?: string;
  consent?: 'sms' | 'email' | 'voice' | 'marketing';
  limit?: number;
}

/** Customers matching the query, in id order (a plan's query targets, evaluated when called). */
export async function selectCustomers(conn: Connection, q: CustomerQuery): Promise<TargetInput[]> {
  const filter: Record<string, unknown> = {};
  if (q.segment) filter.segment = q.segment;
  if (q.consent) filter[`consent.${q.consent}`] = true;
  const docs = await customers(conn).find(filter, { _id: 1 }).sort({ _id: 1 }).limit(q.limit ?? 1_000_000).lean();
  return docs.map((d) => ({ customerId: d._id }));
}
