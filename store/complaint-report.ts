/**
 * The monthly complaint summary per department: counts by kind and category, SLA compliance,
 * satisfaction, most frequent categories. Computed in the service from the records of the month
 * (no $facet/$lookup: FerretDB), used by the API and by the monthly Schedule.
 */
import type { Connection } from 'mongoose';
import mongoose from 'mongoose';
import { complaints } from './complaints';

export interface DepartmentSummary {
  department: string;
  received: number;
  closed: number;
  byKind: Record<string, number>;
  byCategory: Record<string, number>;
  byChannel: Record<string, number>;
  /** Clocks of the month that were met in time, over clocks that ended (met or met late, or breached). */
  sla: { met: number; breached: number; compliance: number | null };
  satisfaction: { answers: number; average: number | null; satisfiedShare: number | null };
  topCategories: { category: string; count: number }[];
}

export interface MonthlyReport {
  month: string;
  timeZone: string;
  departments: DepartmentSummary[];
}

/** Month boundaries in `timeZone` as UTC instants; `month` is `YYYY-MM`. */
export function monthRange(month: string, offsetMinutes: number): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number);
  const from = Date.UTC(y, m - 1, 1) - offsetMinutes * 60_000;
  const to = Date.UTC(y, m, 1) - offsetMinutes * 60_000;
  return { from: new Date(from), to: new Date(to) };
}

const inc = (o: Record<string, number>, k: string | undefined): void => {
  const key = k ?? 'unclassified';
  o[key] = (o[key] ?? 0) + 1;
};

/** Builds the report; `department` narrows it to one department. Month boundaries in UTC+8 (the service centre). */
export async function monthlyReport(db: Connection, month: string, department?: string): Promise<MonthlyReport> {
  const { from, to } = monthRange(month, 8 * 60);
  const filter: Record<string, unknown> = { receivedAt: mongoose.trusted({ $gte: from, $lt: to }) };
  if (department) filter.department = department;
  const docs = await complaints(db)
    .find(filter, { department: 1, kind: 1, category: 1, channel: 1, status: 1, clocks: 1, satisfaction: 1 })
    .lean();
  const by = new Map<string, DepartmentSummary>();
  for (const d of docs) {
    const dep = d.department ?? 'unassigned';
    let s = by.get(dep);
    if (!s) {
      s = { department: dep, received: 0, closed: 0, byKind: {}, byCategory: {}, byChannel: {}, sla: { met: 0, breached: 0, compliance: null }, satisfaction: { answers: 0, average: null, satisfiedShare: null }, topCategories: [] };
      by.set(dep, s);
    }
    s.received += 1;
    if (d.status === 'closed') s.closed += 1;
    inc(s.byKind, d.kind);
    inc(s.byCategory, d.category);
    inc(s.byChannel, d.channel);
    for (const c of d.clocks ?? []) {
      if (c.state === 'met') s.sla.met += 1;
      else if (c.state === 'met-late' || c.state === 'breached') s.sla.breached += 1;
    }
    if (d.satisfaction) {
      const n = s.satisfaction.answers;
      s.satisfaction.average = ((s.satisfaction.average ?? 0) * n + d.satisfaction.score) / (n + 1);
      s.satisfaction.satisfiedShare = ((s.satisfaction.satisfiedShare ?? 0) * n + (d.satisfaction.satisfied ? 1 : 0)) / (n + 1);
      s.satisfaction.answers = n + 1;
    }
  }
  for (const s of by.values()) {
    const ended = s.sla.met + s.sla.breached;
    s.sla.compliance = ended === 0 ? null : s.sla.met / ended;
    s.topCategories = Object.entries(s.byCategory)
      .map(([category, count]) => ({ category, count }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category))
      .slice(0, 5);
  }
  return { month, timeZone: 'Asia/Shanghai', departments: [...by.values()].sort((a, b) => a.department.localeCompare(b.department)) };
}
