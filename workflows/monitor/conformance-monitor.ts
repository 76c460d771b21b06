/**
 * The conformance monitor: run by a Temporal Schedule, it asks for each deployed process (or the ones
 * given) to be brought up to date: new cases checked, reports and alerts refreshed. All reading and
 * writing happens in activities; a failing process does not stop the others.
 */
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { ConformanceActivities, MonitorOutcome } from '../../activities/conformance';

const monitorOptions = {
  startToCloseTimeout: '15 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 3 },
} as const;

const acts = proxyActivities<ConformanceActivities>(monitorOptions);

export interface MonitorInput {
  processIds?: string[];
}

export interface MonitorResult {
  processes: MonitorOutcome[];
  failed: { processId: string; message: string }[];
}

export async function conformanceMonitor(input: MonitorInput = {}): Promise<MonitorResult> {
  const ids = input.processIds ?? (await acts.monitorProcessIds());
  const result: MonitorResult = { processes: [], failed: [] };
  for (const processId of ids) {
    try {
      result.processes.push(await acts.monitorProcess({ processId }));
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      result.failed.push({ processId, message: err.cause?.message ?? err.message });
    }
  }
  return result;
}
