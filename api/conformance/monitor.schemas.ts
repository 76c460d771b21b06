/** Request shapes of the monitor's routes under `/conformance`. */
import { z } from 'zod';

const safeId = z.string().min(1).max(200).regex(/^[\w.:@-]+$/, 'invalid id');
const bucket = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'YYYY-MM or YYYY-MM-DD');

export const scheduleBody = z.strictObject({
  every: z.string().regex(/^\d+\s?(s|m|h|d|seconds?|minutes?|hours?|days?)$/, 'a duration such as 15m or 1h'),
  processIds: z.array(safeId).max(500).optional(),
  scheduleId: safeId.optional(),
});
export type ScheduleBody = z.infer<typeof scheduleBody>;

export const runMonitorBody = z.strictObject({ processIds: z.array(safeId).max(500).optional() });

export const reportQuery = z.strictObject({
  processId: safeId,
  period: z.enum(['day', 'month']).default('day'),
  dimension: z.enum(['process', 'touchpoint', 'department', 'agent']).optional(),
  key: z.string().min(1).max(200).optional(),
  from: bucket.optional(),
  to: bucket.optional(),
});
export type ReportQuery = z.infer<typeof reportQuery>;

export const reportParam = z.strictObject({ id: z.string().min(1).max(600) });

export const alertQuery = z.strictObject({
  processId: safeId.optional(),
  status: z.enum(['open', 'acknowledged', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AlertQuery = z.infer<typeof alertQuery>;

export const alertParam = z.strictObject({ id: z.string().min(1).max(700) });

export const benchmarkParam = z.strictObject({ processId: safeId });
export const benchmarkBody = z.strictObject({
  normativeRate: z.number().min(0).max(1),
  organisationalRate: z.number().min(0).max(1).optional(),
  expectedCasesPerDay: z.record(safeId, z.number().min(0).max(1_000_000)).optional(),
});
export type BenchmarkBody = z.infer<typeof benchmarkBody>;

export const migrationBody = z.strictObject({
  xml: z.string().min(1),
  /** How many of the most recent cases to replay. */
  limit: z.number().int().min(1).max(10_000).default(500),
});
export type MigrationBody = z.infer<typeof migrationBody>;
