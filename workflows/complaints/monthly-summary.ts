/**
 * The monthly complaint summary per department, run by a Temporal Schedule on the first of each
 * month (Asia/Shanghai): it summarises the month before the scheduled run, or `input.month`.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { ComplaintActivities } from '../../activities/complaints/sla-activities';

const { storeMonthlySummary } = proxyActivities<ComplaintActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

/** The month (`YYYY-MM`) before the one containing `ms`, in UTC+8. */
export function previousMonth(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth(); // 0-based: the previous month's 1-based number
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

export async function complaintMonthlySummary(input: { month?: string } = {}): Promise<{ month: string; departments: number }> {
  const month = input.month ?? previousMonth(Date.now());
  return storeMonthlySummary({ month });
}
