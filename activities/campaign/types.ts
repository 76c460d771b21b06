/** Inputs and outputs of the campaign activities; workflows import these with `import type` only. */
import type { PlanCounts } from '../../workflows/plan/messages';
import type { AttemptOutcome } from '../../core/evaluation';

export interface TargetPageInput {
  planId: string;
  /** Return targets with `order` greater than this. */
  afterOrder: number;
  limit: number;
}

export interface TargetRef {
  customerId: string;
  order: number;
  data?: Record<string, string>;
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
} as const;
