/**
 * The outside world of a campaign: the channels (phone switch, SMS gateway, e-mail, web survey)
 * that carry one contact attempt. Real adapters wrap a vendor API; every send carries an
 * idempotency key so a retried activity never reaches the customer twice.
 */
import type { AttemptOutcome } from '../../core/evaluation';
import type { AnswerSheet } from '../../core/questionnaire';

export interface ChannelRequest {
  /** Idempotency key: the attempt's ledger key. */
  key: string;
  channel: string;
  planId: string;
  customerId: string;
  attemptNo: number;
  /** Skills the serving agent must have (the strategy's); a phone switch routes on them. */
  requiredSkills?: string[];
  data?: Record<string, string>;
}

export interface ChannelResult {
  outcome: AttemptOutcome;
  resultCode?: string;
  agentId?: string;
  answerSheet?: AnswerSheet;
  needsMet?: boolean;
  goalAchieved?: boolean;
}

/** Sends one contact attempt; the same key must give the same result without a second delivery. */
export interface ChannelAdapter {
  send(req: ChannelRequest): Promise<ChannelResult>;
}
