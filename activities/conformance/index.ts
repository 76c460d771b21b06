/** Conformance activities: the monitor's incremental pass per process. */
import type { Connection } from 'mongoose';
import { definitions } from '../../store/definitions';
import { monitorProcess, type MonitorOutcome } from './monitor';

export interface ConformanceActivityDeps {
  db: Connection;
}

// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- the inferred object type is the activity contract
export function createConformanceActivities(deps: ConformanceActivityDeps) {
  return {
    /** Every deployed process id. */
    async monitorProcessIds(): Promise<string[]> {
      const rows = await definitions(deps.db).find({}, { processId: 1, _id: 0 }).lean();
      return [...new Set(rows.map((r) => r.processId))].sort();
    },
    /** Checks the process's cases with new events and refreshes its reports and alerts. */
    async monitorProcess(input: { processId: string }): Promise<MonitorOutcome> {
      return monitorProcess(deps.db, input.processId);
    },
  };
}

export type ConformanceActivities = ReturnType<typeof createConformanceActivities>;
export type { MonitorOutcome } from './monitor';
