import { customerResults, distinctAttempts } from './ledger';
import { type AttemptRecord, type EvaluationOptions, type FollowUpReason } from './types';

/** A customer picked for the follow-up plan, with the reason. */
export interface FollowUpCustomer {
  customerId: string;
  reason: FollowUpReason;
}

/**
 * The customers a follow-up plan should serve, in target order: those never reached, and (when a
 * satisfaction source is given) those completed with a score below the threshold. `include` can also
 * ask for customers reached but not completed. A completed customer with no score is not selected.
 */
export function selectFollowUp(
  ledger: readonly AttemptRecord[],
  options: EvaluationOptions & { include?: readonly FollowUpReason[] } = {},
): FollowUpCustomer[] {
  const include = new Set(options.include ?? ['not-reached', 'not-satisfied']);
  const results = customerResults(distinctAttempts(ledger, options.planId).records, options.satisfaction);
  const targets = options.targets ? [...new Set(options.targets)] : [...results.keys()];
  const out: FollowUpCustomer[] = [];
  for (const id of targets) {
    const c = results.get(id);
    let reason: FollowUpReason | undefined;
    if (!c?.reached) reason = 'not-reached';
    else if (!c.completed) reason = 'not-completed';
    else if (options.satisfaction && c.score !== undefined && c.score < options.satisfaction.satisfiedAtLeast) {
      reason = 'not-satisfied';
    }
    if (reason && include.has(reason)) out.push({ customerId: id, reason });
  }
  return out;
}
