/**
 * A plan's extra conditions, checked for a page of targets before any of them is contacted: the
 * customer records and the recent ledger are read in one query each per page, the FEEL expression
 * (core/expression, no eval) per target. Returns the reason of every target that fails.
 */
import mongoose, { type Connection } from 'mongoose';
import { evaluateCondition } from '../../core/expression/feel';
import { attemptModel } from '../../store/campaign/ledger';
import { customers } from '../../store/contacts';
import type { SkipReason, TargetConditions } from '../../workflows/plan/messages';

const DAY_MS = 86_400_000;

export interface ConditionTarget {
  customerId: string;
  data?: Record<string, string>;
}

/** customerId → the first condition it fails, for the targets that fail one. */
export async function checkConditions(
  db: Connection,
  targets: readonly ConditionTarget[],
  cond: TargetConditions,
  now: number,
): Promise<Map<string, SkipReason>> {
  const out = new Map<string, SkipReason>();
  if (targets.length === 0) return out;
  const ids = targets.map((t) => t.customerId);
  const needsRecord = Boolean(cond.consent?.length || cond.segments?.length || cond.expression);
  const [records, recent] = await Promise.all([
    needsRecord
      ? customers(db).find({ _id: mongoose.trusted({ $in: ids }) }, { segment: 1, consent: 1, preferredLanguage: 1 }).lean()
      : Promise.resolve([]),
    cond.notContactedWithinDays !== undefined
      ? attemptModel(db)
          .find({ customerId: mongoose.trusted({ $in: ids }), at: mongoose.trusted({ $gte: new Date(now - cond.notContactedWithinDays * DAY_MS) }) }, { customerId: 1 })
          .lean()
      : Promise.resolve([]),
  ]);
  const byId = new Map(records.map((r) => [r._id, r]));
  const contacted = new Set(recent.map((r) => r.customerId));
  for (const t of targets) {
    const reason = firstFailure(t, byId.get(t.customerId), contacted.has(t.customerId), cond, needsRecord);
    if (reason) out.set(t.customerId, reason);
  }
  return out;
}

type CustomerRecord = { segment?: string; consent?: Record<string, boolean>; preferredLanguage?: string };

function firstFailure(t: ConditionTarget, customer: CustomerRecord | undefined, contacted: boolean, cond: TargetConditions, needsRecord: boolean): SkipReason | undefined {
  if (needsRecord && !customer) return 'no-customer-record';
  for (const flag of cond.consent ?? []) if (customer?.consent?.[flag] !== true) return `no-consent:${flag}`;
  if (cond.segments?.length && !cond.segments.includes(customer?.segment ?? '')) return 'segment';
  if (contacted) return 'recently-contacted';
  if (cond.expression) {
    const vars = {
      customer: { segment: customer?.segment ?? null, consent: customer?.consent ?? {}, preferredLanguage: customer?.preferredLanguage ?? null },
      data: t.data ?? {},
    };
    try {
      if (!evaluateCondition(cond.expression, vars)) return 'expression';
    } catch {
      return 'expression-error';
    }
  }
  return undefined;
}
