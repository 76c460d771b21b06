/**
 * The monitor's side of `/conformance`: its Temporal Schedule, on-demand runs, the reports and alerts
 * it writes, the benchmarks it compares against, and the migration check of a new version.
 */
import { randomUUID } from 'node:crypto';
import { ScheduleAlreadyRunning, ScheduleNotFoundError } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { checkerFor } from '../../activities/conformance/runs';
import { engineCases, engineTraceToConformance, performersOf } from '../../activities/conformance/engine-traces';
import { compileBpmn } from '../../core/bpmn/compile';
import { alerts, benchmarks, caseResults, reports, type AlertDoc, type BenchmarkDoc, type ReportDoc } from '../../store/conformance';
import { definitions } from '../../store/definitions';
import { caseRecordModel } from '../../store/engine/case-record';
import type { Principal } from '../auth/principal';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import type { AlertQuery, BenchmarkBody, MigrationBody, ReportQuery, ScheduleBody } from './monitor.schemas';

export const MONITOR_SCHEDULE_ID = 'touchpoint-conformance-monitor';

/** Creates or updates the monitor's schedule: one run every `every`, never two at once. */
export async function putSchedule(deps: AppDeps, body: ScheduleBody): Promise<{ scheduleId: string; every: string; created: boolean }> {
  const scheduleId = body.scheduleId ?? MONITOR_SCHEDULE_ID;
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'conformanceMonitor',
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    args: [{ ...(body.processIds ? { processIds: body.processIds } : {}) }],
    workflowId: `${scheduleId}-run`,
  };
  const spec = { intervals: [{ every: body.every }] };
  const handle = deps.temporal.schedule.getHandle(scheduleId);
  try {
    await handle.update((prev) => ({ ...prev, spec, action }));
    return { scheduleId, every: body.every, created: false };
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
  try {
    await deps.temporal.schedule.create({ scheduleId, spec, action, policies: { overlap: 'SKIP' } });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  return { scheduleId, every: body.every, created: true };
}

/** Starts a monitor run now (its outcome shows in the reports; the workflow result has the counts). */
export async function runMonitorNow(deps: AppDeps, processIds?: string[]): Promise<{ workflowId: string; runId: string }> {
  const handle = await deps.temporal.workflow.start('conformanceMonitor', {
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    workflowId: `conformance-monitor-now-${randomUUID()}`,
    workflowExecutionTimeout: '1 hour',
    args: [{ ...(processIds ? { processIds } : {}) }],
  });
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}

export async function listReports(db: Connection, q: ReportQuery): Promise<{ items: ReportDoc[]; total: number }> {
  const filter: Record<string, unknown> = { processId: q.processId, period: q.period };
  if (q.dimension) filter.dimension = q.dimension;
  if (q.key) filter.key = q.key;
  const items = (await reports(db).find(filter).sort({ bucket: 1, dimension: 1, key: 1 }).lean()).filter(
    (r) => (!q.from || r.bucket >= q.from) && (!q.to || r.bucket <= q.to),
  );
  return { items, total: items.length };
}

/** Drill-down from a report to its cases. */
export async function reportCases(db: Connection, reportId: string): Promise<{ report: ReportDoc; items: unknown[] }> {
  const report = await reports(db).findById(reportId).lean();
  if (!report) throw AppError.notFound('report');
  const all = await caseResults(db).find({ processId: report.processId, monitored: true, [report.period]: report.bucket }).sort({ caseId: 1 }).lean();
  const items = all.filter((r) => {
    if (report.dimension === 'touchpoint') return (r.touchpoint ?? '(none)') === report.key;
    if (report.dimension === 'department') return (r.departments ?? []).includes(report.key);
    if (report.dimension === 'agent') return (r.agents ?? []).includes(report.key);
    return true;
  });
  return { report, items };
}

export async function listAlerts(db: Connection, q: AlertQuery): Promise<{ items: AlertDoc[]; total: number }> {
  const filter: Record<string, unknown> = {};
  if (q.processId) filter.processId = q.processId;
  if (q.status) filter.status = q.status;
  const items = await alerts(db).find(filter).sort({ raisedAt: -1 }).limit(q.limit).lean();
  return { items, total: items.length };
}

export async function acknowledgeAlert(db: Connection, id: string, user: Principal): Promise<AlertDoc> {
  const res = await alerts(db).updateOne({ _id: id, status: 'open' }, { $set: { status: 'acknowledged', acknowledgedBy: user.username, updatedAt: new Date() } });
  const alert = await alerts(db).findById(id).lean();
  if (!alert) throw AppError.notFound('alert');
  if (res.matchedCount === 0) throw AppError.conflict(`the alert is ${alert.status}`);
  return alert;
}

export async function putBenchmark(db: Connection, processId: string, body: BenchmarkBody, user: Principal): Promise<BenchmarkDoc> {
  const doc: BenchmarkDoc = { _id: processId, normativeRate: body.normativeRate, expectedCasesPerDay: body.expectedCasesPerDay ?? {}, updatedBy: user.username, updatedAt: new Date() };
  if (body.organisationalRate !== undefined) doc.organisationalRate = body.organisationalRate;
  await benchmarks(db).collection.replaceOne({ _id: processId } as never, doc, { upsert: true });
  return doc;
}

export async function getBenchmark(db: Connection, processId: string): Promise<BenchmarkDoc> {
  const b = await benchmarks(db).findById(processId).lean();
  if (!b) throw AppError.notFound('benchmark');
  return b;
}

/**
 * Migration check: replays the traces of the process's most recent cases against a candidate BPMN
 * (not deployed) and lists the cases that conform to their own version but would not conform to it.
 */
export async function migrationCheck(db: Connection, body: MigrationBody): Promise<Record<string, unknown>> {
  const compiled = await compileBpmn(body.xml);
  const errors = compiled.problems.filter((p) => p.severity === 'error');
  if (!compiled.ok || !compiled.main || errors.length > 0) {
    throw AppError.unprocessable('the candidate model does not compile', errors.map((p) => ({ field: 'body.xml', elementId: p.elementId, message: `${p.rule}: ${p.message}` })));
  }
  const graph = compiled.main;
  const recent = await caseRecordModel(db).find({ processId: graph.processId }, { caseId: 1, _id: 0 }).sort({ startedAt: -1 }).limit(body.limit).lean();
  const candidate = checkerFor({ _id: `candidate:${compiled.xmlHash}`, graph });
  const newlyDeviant: { caseId: string; version: number; deviations: unknown[] }[] = [];
  const stillConformant: string[] = [];
  let alreadyDeviant = 0;
  const caseIds = recent.map((r) => r.caseId);
  const performers = await performersOf(db, caseIds);
  for await (const c of engineCases(db, { caseIds })) {
    const trace = engineTraceToConformance(c.caseId, c.events, performers);
    const def = await definitions(db).findById(c.events[0].definitionId, { graph: 1 }).lean();
    const before = def ? checkerFor(def).check(trace) : undefined;
    const after = candidate.check(trace);
    if (before && before.verdict !== 'conformant') alreadyDeviant += 1;
    else if (after.verdict === 'conformant') stillConformant.push(c.caseId);
    else newlyDeviant.push({ caseId: c.caseId, version: c.events[0].version, deviations: after.deviations });
  }
  return {
    processId: graph.processId,
    xmlHash: compiled.xmlHash,
    casesChecked: newlyDeviant.length + stillConformant.length + alreadyDeviant,
    stillConformant: stillConformant.length,
    alreadyDeviant,
    newlyDeviant,
  };
}
