/**
 * The conformance monitor's work for one process: check the cases that have trace events newer than
 * the stored watermark, then recompute the reports of the day and month buckets those cases fall in
 * (by the day they started, UTC), for the process, each touchpoint, department and agent, and raise
 * or resolve alerts where a rate is below its benchmark.
 */
import mongoose, { type Connection } from 'mongoose';
import {
  alerts,
  benchmarks,
  caseResults,
  reports,
  watermarks,
  type AlertDoc,
  type BenchmarkDoc,
  type CaseResultDoc,
  type ReportDimension,
  type ReportDoc,
  type ReportPeriod,
} from '../../store/conformance';
import { caseRecordModel } from '../../store/engine/case-record';
import { traceEventModel } from '../../store/engine/trace-event';
import { checkEngineCase } from './runs';

/** Events newer than now − LAG are left for the next run: the engine writes its trace in batches. */
export const WATERMARK_LAG_MS = 2000;

export interface MonitorOutcome {
  processId: string;
  casesChecked: number;
  reportsWritten: number;
  alertsOpen: number;
  watermark: string;
}

const NONE = '(none)';

/** First instant of a bucket and of the next one (UTC). */
function bucketRange(period: ReportPeriod, bucket: string): [Date, Date] {
  if (period === 'day') {
    const start = new Date(`${bucket}T00:00:00.000Z`);
    return [start, new Date(start.getTime() + 86_400_000)];
  }
  const [y, m] = bucket.split('-').map(Number);
  return [new Date(Date.UTC(y, m - 1, 1)), new Date(Date.UTC(y, m, 1))];
}

function previousBucket(period: ReportPeriod, bucket: string): string {
  const [start] = bucketRange(period, bucket);
  if (period === 'day') return new Date(start.getTime() - 86_400_000).toISOString().slice(0, 10);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

const daysIn = (period: ReportPeriod, bucket: string): number => {
  const [a, b] = bucketRange(period, bucket);
  return Math.round((b.getTime() - a.getTime()) / 86_400_000);
};

/** The measurements over a group of checked cases. */
function measure(results: CaseResultDoc[]): Pick<ReportDoc, 'checked' | 'conformant' | 'tooLarge' | 'averageFitness' | 'fitnessHistogram' | 'normativeRate' | 'orgJudged' | 'orgWrong' | 'organisationalRate'> {
  const h = { lt50: 0, lt80: 0, lt95: 0, lt100: 0, eq100: 0 };
  let fitSum = 0;
  let fitted = 0;
  let judged = 0;
  let wrong = 0;
  for (const r of results) {
    judged += r.org?.judged ?? 0;
    wrong += r.org?.wrong ?? 0;
    if (r.fitness === undefined || r.fitness === null) continue;
    fitted += 1;
    fitSum += r.fitness;
    if (r.fitness >= 1) h.eq100 += 1;
    else if (r.fitness >= 0.95) h.lt100 += 1;
    else if (r.fitness >= 0.8) h.lt95 += 1;
    else if (r.fitness >= 0.5) h.lt80 += 1;
    else h.lt50 += 1;
  }
  const conformant = results.filter((r) => r.verdict === 'conformant').length;
  return {
    checked: results.length,
    conformant,
    tooLarge: results.filter((r) => r.verdict === 'too-large').length,
    averageFitness: fitted > 0 ? fitSum / fitted : 0,
    fitnessHistogram: h,
    normativeRate: results.length > 0 ? conformant / results.length : 0,
    orgJudged: judged,
    orgWrong: wrong,
    ...(judged > 0 ? { organisationalRate: (judged - wrong) / judged } : {}),
  };
}

/** Recomputes every report of one bucket; returns the reports written. */
async function recomputeBucket(db: Connection, processId: string, period: ReportPeriod, bucket: string, bench: BenchmarkDoc | null): Promise<ReportDoc[]> {
  const results = await caseResults(db).find({ processId, monitored: true, [period]: bucket }, { deviations: 0 }).lean();
  const [from, to] = bucketRange(period, bucket);
  const started = await caseRecordModel(db)
    .find({ processId, startedAt: mongoose.trusted({ $gte: from, $lt: to }) }, { touchpoint: 1, _id: 0 })
    .lean();
  const groups = new Map<string, { dimension: ReportDimension; key: string; results: CaseResultDoc[]; started: number; expected?: number }>();
  const group = (dimension: ReportDimension, key: string): { results: CaseResultDoc[]; started: number; expected?: number } => {
    const id = `${dimension}|${key}`;
    let g = groups.get(id);
    if (!g) {
      g = { dimension, key, results: [], started: 0 };
      groups.set(id, g);
    }
    return g;
  };
  group('process', 'all').started = started.length;
  for (const s of started) group('touchpoint', s.touchpoint ?? NONE).started += 1;
  for (const r of results) {
    group('process', 'all').results.push(r);
    group('touchpoint', r.touchpoint ?? NONE).results.push(r);
    for (const d of r.departments ?? []) group('department', d).results.push(r);
    for (const a of r.agents ?? []) group('agent', a).results.push(r);
  }
  const perDay = bench?.expectedCasesPerDay ?? {};
  const days = daysIn(period, bucket);
  for (const [tp, n] of Object.entries(perDay)) group('touchpoint', tp).expected = n * days;
  if (Object.keys(perDay).length > 0) group('process', 'all').expected = Object.values(perDay).reduce((a, n) => a + n, 0) * days;

  const prev = previousBucket(period, bucket);
  const written: ReportDoc[] = [];
  for (const g of groups.values()) {
    if (g.dimension === 'department' || g.dimension === 'agent') g.started = g.results.length;
    const id = `${processId}|${period}|${bucket}|${g.dimension}|${g.key}`;
    const m = measure(g.results);
    const before = await reports(db).findById(`${processId}|${period}|${prev}|${g.dimension}|${g.key}`, { normativeRate: 1, checked: 1 }).lean();
    const doc: ReportDoc = {
      _id: id,
      processId,
      period,
      bucket,
      dimension: g.dimension,
      key: g.key,
      started: g.started,
      ...(g.expected !== undefined ? { expected: g.expected, fieldApplication: g.expected > 0 ? g.started / g.expected : 0 } : {}),
      ...m,
      ...(bench ? { benchmark: bench.normativeRate } : {}),
      belowBenchmark: !!bench && m.checked > 0 && m.normativeRate < bench.normativeRate,
      ...(before && before.checked > 0 && m.checked > 0 ? { trend: m.normativeRate - before.normativeRate } : {}),
      updatedAt: new Date(),
    };
    await reports(db).collection.replaceOne({ _id: id } as never, doc, { upsert: true });
    written.push(doc);
    await raiseOrResolve(db, doc, 'normativeRate', m.checked > 0 ? m.normativeRate : undefined, bench?.normativeRate);
    await raiseOrResolve(db, doc, 'organisationalRate', m.organisationalRate, bench?.organisationalRate);
  }
  return written;
}

async function raiseOrResolve(db: Connection, r: ReportDoc, measureName: AlertDoc['measure'], value: number | undefined, benchmark: number | undefined): Promise<void> {
  const id = `${r._id}|${measureName}`;
  const Alerts = alerts(db);
  const existing = await Alerts.findById(id).lean();
  const now = new Date();
  if (value !== undefined && benchmark !== undefined && value < benchmark) {
    if (existing && existing.status !== 'resolved') {
      await Alerts.updateOne({ _id: id }, { $set: { value, benchmark, updatedAt: now } });
      return;
    }
    const doc: AlertDoc = {
      _id: id,
      processId: r.processId,
      reportId: r._id,
      period: r.period,
      bucket: r.bucket,
      dimension: r.dimension,
      key: r.key,
      measure: measureName,
      value,
      benchmark,
      status: 'open',
      raisedAt: now,
      updatedAt: now,
    };
    await Alerts.collection.replaceOne({ _id: id } as never, doc, { upsert: true });
  } else if (existing && existing.status !== 'resolved') {
    await Alerts.updateOne({ _id: id }, { $set: { status: 'resolved', updatedAt: now } });
  }
}

/** One incremental monitor pass over a process. */
export async function monitorProcess(db: Connection, processId: string, now = Date.now()): Promise<MonitorOutcome> {
  const state = await watermarks(db).findById(processId).lean();
  const from = state?.watermark ? new Date(state.watermark) : new Date(0);
  const upTo = new Date(now - WATERMARK_LAG_MS);
  const outcome: MonitorOutcome = { processId, casesChecked: 0, reportsWritten: 0, alertsOpen: 0, watermark: from.toISOString() };
  if (upTo.getTime() <= from.getTime()) return outcome;
  const rows = await traceEventModel(db)
    // By write time, not event time: a flush can land long after its events happened (they are
    // buffered until the case waits), and must still be picked up. Events written before
    // recordedAt existed fall back to their event time.
    .find(
      {
        processId,
        $or: [
          { recordedAt: mongoose.trusted({ $gt: from, $lte: upTo }) },
          { recordedAt: mongoose.trusted({ $exists: false }), at: mongoose.trusted({ $gt: from, $lte: upTo }) },
        ],
      },
      { caseId: 1, _id: 0 },
    )
    .lean();
  const caseIds = [...new Set(rows.map((r) => r.caseId))].sort();
  const days = new Set<string>();
  const months = new Set<string>();
  for (const caseId of caseIds) {
    const r = await checkEngineCase(db, caseId);
    if (r.day) days.add(r.day);
    if (r.month) months.add(r.month);
  }
  const bench = await benchmarks(db).findById(processId).lean();
  for (const d of [...days].sort()) outcome.reportsWritten += (await recomputeBucket(db, processId, 'day', d, bench)).length;
  for (const m of [...months].sort()) outcome.reportsWritten += (await recomputeBucket(db, processId, 'month', m, bench)).length;
  await watermarks(db).collection.replaceOne(
    { _id: processId } as never,
    { _id: processId, watermark: upTo, lastRunAt: new Date(now), casesChecked: (state?.casesChecked ?? 0) + caseIds.length },
    { upsert: true },
  );
  outcome.casesChecked = caseIds.length;
  outcome.alertsOpen = await alerts(db).countDocuments({ processId, status: 'open' });
  outcome.watermark = upTo.toISOString();
  return outcome;
}
