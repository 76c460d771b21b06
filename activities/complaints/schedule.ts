/** The Temporal Schedule that produces the monthly complaint summary. */
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { MONTHLY_SUMMARY_WORKFLOW } from '../../workflows/complaints/messages';

export const MONTHLY_SUMMARY_SCHEDULE = 'complaints-monthly-summary';

/** Creates the schedule unless it exists: 01:00 on the 1st of each month, Shanghai time. */
export async function ensureMonthlySummarySchedule(client: Client, taskQueue: string, scheduleId = MONTHLY_SUMMARY_SCHEDULE): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ dayOfMonth: 1, hour: 1, minute: 0 }], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: MONTHLY_SUMMARY_WORKFLOW, taskQueue, args: [{}], workflowId: `${scheduleId}-run` },
      policies: { overlap: 'SKIP', catchupWindow: '7 days' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
