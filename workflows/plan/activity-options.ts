/** Activity option sets of plan execution, per latency class. */
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/** Reads of the plan's targets and status writes. */
export const campaignStore = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
} as const satisfies ActivityOptions;

/**
 * One contact attempt through a channel: a call may take minutes, so a dead worker is noticed by
 * the heartbeat timeout; retried without limit because the ledger and the channel key make it safe.
 */
export const contactAttempt = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const satisfies ActivityOptions;

/**
 * The same attempt as a local activity, for channels that answer within seconds (an SMS gateway's
 * accept, the simulated channel): no activity task round trip through the server and a third of
 * the history events. Retried by the worker; a worker that dies mid-attempt leaves no marker, so the
 * next worker runs it again and the ledger and the channel key keep it from sending twice.
 */
export const contactAttemptLocal = {
  startToCloseTimeout: '1 minute',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const satisfies LocalActivityOptions;
