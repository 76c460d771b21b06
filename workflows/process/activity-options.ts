/** Activity option sets per latency class, each with a start-to-close timeout and an explicit retry policy. */
import type { ActivityOptions } from '@temporalio/workflow';

/** Fast database writes: trace events, case read model, task inbox. */
export const storeWrite = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
} as const satisfies ActivityOptions;

/** Service task handlers when the model gives no retry policy. */
export const serviceTaskDefault = {
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 3 },
} as const satisfies ActivityOptions;
