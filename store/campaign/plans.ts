/**
 * Proactive-service plans: what to do for whom, by which strategy, and where the plan is in its
 * lifecycle (created → started ⇄ paused → finished | cancelled). Temporal holds the running state;
 * this document is the definition and a read model of the status.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from '../model';
import type { PlanCounts, TargetConditions } from '../../workflows/plan/messages';

export const PLAN_STATUSES = ['created', 'started', 'paused', 'finished', 'cancelled'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export interface PlanServiceScheme {
  /** BPMN process run for each reached customer (the engine's runProcess); latest version unless pinned. */
  processId?: string;
  version?: number;
  questionnaireCode?: string;
  /** What to do when service fails: e.g. 'follow-up', 'complaint', 'none'. */
  onFailure?: string;
  content?: string;
  /** Where satisfaction comes from in the answer sheets (evaluation). */
  satisfaction?: { questionId: string; scores: Record<string, number>; satisfiedAtLeast: number };
}

/** One definition of the plan's counters: the workflow's progress contract. */
export type { PlanCounts };

export interface PlanDoc {
  _id: string;
  code: string;
  name: string;
  description?: string;
  strategyId: string;
  strategyVersion: number;
  service: PlanServiceScheme;
  priority: number;
  startAt?: Date;
  endAt?: Date;
  /** Recurring plans run through a Temporal Schedule (id = the plan's workflow id), one occurrence per firing. */
  cycle: { kind: 'once' | 'recurring'; cron?: string; every?: string; timeZone?: string };
  conditions?: TargetConditions;
  concurrency: number;
  resultRequirements: string[];
  targetSource: { kind: 'csv' | 'query' | 'follow-up'; query?: Record<string, unknown>; fromPlanId?: string };
  targets: number;
  status: PlanStatus;
  workflowId?: string;
  statusLog: { from: PlanStatus | 'none'; to: PlanStatus; at: Date; actor: string; reason?: string }[];
  lastProgress?: PlanCounts;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const planSchema = new Schema<PlanDoc>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    description: String,
    strategyId: { type: String, required: true },
    strategyVersion: { type: Number, required: true },
    service: { type: Schema.Types.Mixed, default: {} },
    priority: { type: Number, default: 0 },
    startAt: Date,
    endAt: Date,
    cycle: { type: Schema.Types.Mixed, default: { kind: 'once' } },
    conditions: Schema.Types.Mixed,
    concurrency: { type: Number, required: true, min: 1 },
    resultRequirements: { type: [String], default: [] },
    targetSource: { type: Schema.Types.Mixed, required: true },
    targets: { type: Number, default: 0 },
    status: { type: String, enum: PLAN_STATUSES, required: true },
    workflowId: String,
    statusLog: { type: Schema.Types.Mixed, default: [] },
    lastProgress: Schema.Types.Mixed,
    createdBy: { type: String, required: true },
  },
  { strict: 'throw', versionKey: false, minimize: false, collection: 'campaign_plans', timestamps: true },
);
planSchema.index({ code: 1 }, { unique: true });

/** Plans bound to a connection. */
export function planModel(conn: Connection): Model<PlanDoc> {
  return modelOn(conn, 'CampaignPlan', planSchema);
}
