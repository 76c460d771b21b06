/** Inputs and outputs of the campaign activities; workflows import these with `import type` only. */
import type { PlanCounts, TargetConditions } from '../../workflows/plan/messages';
import type { AttemptOutcome } from '../../core/evaluation';

export interface TargetPageInput {
  planId: string;
  /** Return targets with `order` greater than this. */
  afterOrder: number;
  limit: number;
  /** Extra conditions checked per target; a failing target comes back with `skip` set and is recorded as skipped. */
  conditions?: TargetConditions;
}

/** One occurrence of a recurring plan: select its targets now and store them under its run id. */
export interface PrepareRunInput {
  /** The plan (its document names the target source). */
  planId: string;
  runId: string;
}

export interface TargetRef {
  customerId: string;
  order: number;
  data?: Record<string, string>;
  /** Why the target is not to be contacted (an extra condition failed); absent for targets to contact. */
  skip?: string;
}

export interface ContactAttemptInput {
  planId: string;
  customerId: string;
  attemptNo: number;
  channel: string;
  /** Workflow time of the attempt (epoch ms): the instant the strategy allowed. */
  at: number;
  requiredSkills?: string[];
  data?: Record<string, string>;
}

export interface ContactAttemptResult {
  outcome: AttemptOutcome;
  resultCode?: string;
  /** True when the ledger already held this attempt (a retry): nothing was sent again. */
  replayed: boolean;
}

export interface PlanEndedInput {
  planId: string;
  status: 'finished' | 'cancelled';
  counts: PlanCounts;
}

/** Failure types thrown by the campaign activities; the strings are the contract. */
export const CampaignFailure = {
  ChannelFailed: 'ChannelFailed',
  /** An occurrence of a recurring plan whose document is gone. */
  PlanNotFound: 'PlanNotFound',
} as const;
