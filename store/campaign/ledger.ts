/**
 * The attempt ledger: one document per attempt on one customer in one plan. The `_id` is the
 * attempt's business key (plan, customer, attempt number), so the same attempt can never be
 * recorded twice however often an activity is retried.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { AttemptOutcome, AttemptRecord } from '../../core/evaluation';
import { modelOn } from '../model';

export interface AttemptDoc {
  /** `${planId}:${customerId}:${attemptNo}`. */
  _id: string;
  planId: string;
  customerId: string;
  attemptNo: number;
  channel: string;
  at: Date;
  agentId?: string;
  outcome: AttemptOutcome;
  resultCode?: string;
  answerSheet?: Record<string, unknown>;
  needsMet?: boolean;
  goalAchieved?: boolean;
  recordedAt: Date;
}

const attemptSchema = new Schema<AttemptDoc>(
  {
    _id: { type: String, required: true },
    planId: { type: String, required: true },
    customerId: { type: String, required: true },
    attemptNo: { type: Number, required: true, min: 1 },
    channel: { type: String, required: true },
    at: { type: Date, required: true },
    agentId: String,
    outcome: { type: String, enum: ['completed', 'incomplete', 'refused', 'unreachable', 'failed'], required: true },
    resultCode: String,
    answerSheet: Schema.Types.Mixed,
    needsMet: Boolean,
    goalAchieved: Boolean,
    recordedAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'campaign_attempts' },
);
attemptSchema.index({ planId: 1, customerId: 1, attemptNo: 1 }, { unique: true });
attemptSchema.index({ planId: 1, at: 1 });
/** "Not contacted in the last N days" looks a customer up across plans. */
attemptSchema.index({ customerId: 1, at: 1 });

/** The ledger's key of an attempt. */
export const attemptKey = (planId: string, customerId: string, attemptNo: number): string =>
  `${planId}:${customerId}:${attemptNo}`;

/** The attempt ledger bound to a connection. */
export function attemptModel(conn: Connection): Model<AttemptDoc> {
  return modelOn(conn, 'CampaignAttempt', attemptSchema);
}

/** A ledger document as the evaluation core reads it. */
export function toAttemptRecord(d: AttemptDoc): AttemptRecord {
  return {
    planId: d.planId,
    customerId: d.customerId,
    attemptNo: d.attemptNo,
    channel: d.channel,
    at: new Date(d.at).getTime(),
    outcome: d.outcome,
    ...(d.agentId !== undefined ? { agentId: d.agentId } : {}),
    ...(d.resultCode !== undefined ? { resultCode: d.resultCode } : {}),
    ...(d.answerSheet !== undefined ? { answerSheet: d.answerSheet as unknown as AttemptRecord['answerSheet'] } : {}),
    ...(d.needsMet !== undefined ? { needsMet: d.needsMet } : {}),
    ...(d.goalAchieved !== undefined ? { goalAchieved: d.goalAchieved } : {}),
  };
}
