/**
 * The monthly summaries the Schedule stored (`complaint_summaries`, one document per month, written
 * idempotently by the `storeMonthlySummary` activity): what the centre reported, as opposed to the
 * live figures of `/complaints/reports/monthly`, which change as late records close.
 */
import type { Connection } from 'mongoose';
import type { MonthlyReport } from '../../store/complaint-report';
import { summaries } from '../../store/complaints';
import type { SummariesQuery } from './complaints.schemas';

export interface StoredSummary extends MonthlyReport {
  /** When the Schedule (or a manual run) stored it. */
  storedAt: string;
}

/** One month's stored summary, or the latest `limit` months, newest first; `department` narrows each. */
export async function listStoredSummaries(db: Connection, q: SummariesQuery): Promise<{ items: StoredSummary[] }> {
  const filter: Record<string, unknown> = q.month ? { _id: q.month } : {};
  const docs = await summaries(db).find(filter).sort({ _id: -1 }).limit(q.limit).lean();
  return {
    items: docs.map((d) => {
      const report = d.report as unknown as MonthlyReport;
      const departments = q.department ? report.departments.filter((s) => s.department === q.department) : report.departments;
      return { month: d._id, timeZone: report.timeZone, departments, storedAt: d.createdAt.toISOString() };
    }),
  };
}
