import { type AnswerSheet } from '../questionnaire';

/**
 * How one attempt ended: `completed` (served in full), `incomplete` (reached, broke off),
 * `refused` (reached, declined), `unreachable` (no answer, busy, wrong number), `failed` (our side).
 */
export type AttemptOutcome = 'completed' | 'incomplete' | 'refused' | 'unreachable' | 'failed';

/** Outcomes in which the customer was reached. */
export const REACHED_OUTCOMES: readonly AttemptOutcome[] = ['completed', 'incomplete', 'refused'];

/** One attempt on one customer, as the ledger records it. */
export interface AttemptRecord {
  planId: string;
  customerId: string;
  /** 1-based; (planId, customerId, attemptNo) identifies the attempt. */
  attemptNo: number;
  channel: string;
  /** Epoch milliseconds the attempt started. */
  at: number;
  agentId?: string;
  outcome: AttemptOutcome;
  resultCode?: string;
  answerSheet?: AnswerSheet;
  /** The agent's or customer's judgement whether the need was met. */
  needsMet?: boolean;
  /** Whether the plan's goal (e.g. renewal, appointment) was reached with this customer. */
  goalAchieved?: boolean;
}

/** Where satisfaction comes from: a question of the answer sheet whose option codes map to scores. */
export interface SatisfactionSource {
  questionId: string;
  /** Score of each option code; options not listed do not count. */
  scores: Record<string, number>;
  /** A customer whose score is at least this is satisfied. */
  satisfiedAtLeast: number;
}

/** Satisfaction figures; averages are 0 when there are no responses. */
export interface SatisfactionFigures {
  responses: number;
  averageScore: number;
  satisfied: number;
  /** satisfied / responses. */
  satisfiedRate: number;
}

/** Attempt-level figures for one channel or one time window; rates are 0 when there are no attempts. */
export interface GroupFigures {
  attempts: number;
  reached: number;
  completed: number;
  /** reached / attempts. */
  reachRate: number;
  /** completed / attempts. */
  completionRate: number;
  satisfaction?: SatisfactionFigures;
}

/** The evaluation of one plan. Customer-level rates are over the target customers (0 when none). */
export interface PlanEvaluation {
  targets: number;
  attempts: number;
  /** Records dropped because their (plan, customer, attempt number) was already in the ledger. */
  duplicatesIgnored: number;
  reached: number;
  completed: number;
  reachRate: number;
  completionRate: number;
  satisfaction?: SatisfactionFigures;
  /** Customers with a needs-met judgement, how many said yes, and the share. */
  needsMet: { judged: number; met: number; rate: number };
  /** Customers with the goal reached, and the share of targets. */
  goal: { achieved: number; rate: number };
  perChannel: Record<string, GroupFigures>;
  perWindow: Record<string, GroupFigures>;
}

/** What to evaluate and how. */
export interface EvaluationOptions {
  /** Evaluate this plan's records only (default: every record). */
  planId?: string;
  /** The target customers; default: every customer in the ledger. Customers never attempted count as not reached. */
  targets?: readonly string[];
  satisfaction?: SatisfactionSource;
  /** Names the time window an attempt falls in (see {@link localTimeWindows}); default: no per-window figures. */
  windowOf?: (at: number) => string;
}

/** Why a customer is selected for a follow-up plan. */
export type FollowUpReason = 'not-reached' | 'not-completed' | 'not-satisfied';
