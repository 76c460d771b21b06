/**
 * Conformance read models: one result per checked case (per run, or the latest check of an engine
 * case), and one summary per run over a process version or a stored event log.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { Deviation } from '../core/conformance';
import { modelOn } from './model';

export type CaseVerdict = 'conformant' | 'deviant' | 'too-large';

export interface CaseResultDoc {
  /** `${runId}:${caseId}`, or `case:${caseId}` for a case checked on its own. */
  _id: string;
  runId?: string;
  caseId: string;
  processId: string;
  version: number;
  touchpoint?: string;
  verdict: CaseVerdict;
  /** Alignment fitness (undefined when too large). */
  fitness?: number;
  tokenFitness: number;
  deviations: Deviation[];
  events: number;
  checkedAt: Date;
  /** Set on the latest check of an engine case (`case:<id>`), which the monitor aggregates. */
  monitored?: boolean;
  startedAt?: Date;
  /** UTC day (YYYY-MM-DD) and month (YYYY-MM) the case started. */
  day?: string;
  month?: string;
  org?: { judged: number; wrong: number };
  agents?: string[];
  departments?: string[];
}

const caseResultSchema = new Schema<CaseResultDoc>(
  {
    _id: { type: String, required: true },
    runId: String,
    caseId: { type: String, required: true },
    processId: { type: String, required: true },
    version: { type: Number, required: true },
    touchpoint: String,
    verdict: { type: String, enum: ['conformant', 'deviant', 'too-large'], required: true },
    fitness: Number,
    tokenFitness: { type: Number, required: true },
    deviations: { type: Schema.Types.Mixed, default: [] },
    events: { type: Number, required: true },
    checkedAt: { type: Date, required: true },
    monitored: Boolean,
    startedAt: Date,
    day: String,
    month: String,
    org: { type: Schema.Types.Mixed },
    agents: [String],
    departments: [String],
  },
  { collection: 'conformance_case_results', versionKey: false, minimize: false, strict: 'throw' },
);
caseResultSchema.index({ runId: 1, verdict: 1 });
caseResultSchema.index({ caseId: 1 });
caseResultSchema.index({ processId: 1, monitored: 1, day: 1 });
caseResultSchema.index({ processId: 1, monitored: 1, month: 1 });

export interface RunSummary {
  cases: number;
  conformant: number;
  deviant: number;
  tooLarge: number;
  /** Share of checked cases with no deviation (too-large cases count as not conformant). */
  normativeRate: number;
  /** PM4Py-style log fitness figures. */
  tokenLogFitness: number;
  alignmentLogFitness: number;
  averageFitness: number;
  /** Deviations by kind. */
  byKind: Record<string, number>;
  /** Per model element: skipped, inserted, out of order (the diagram overlay). */
  elements: Record<string, { skipped: number; inserted: number; outOfOrder: number }>;
}

export interface RunDoc {
  _id: string;
  processId: string;
  version: number;
  source: 'engine' | 'log';
  logId?: string;
  touchpoint?: string;
  status: 'running' | 'done' | 'failed';
  failure?: string;
  summary?: RunSummary;
  createdBy: string;
  startedAt: Date;
  finishedAt?: Date;
}

const runSchema = new Schema<RunDoc>(
  {
    _id: { type: String, required: true },
    processId: { type: String, required: true },
    version: { type: Number, required: true },
    source: { type: String, enum: ['engine', 'log'], required: true },
    logId: String,
    touchpoint: String,
    status: { type: String, enum: ['running', 'done', 'failed'], required: true },
    failure: String,
    summary: Schema.Types.Mixed,
    createdBy: { type: String, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: Date,
  },
  { collection: 'conformance_runs', versionKey: false, minimize: false, strict: 'throw' },
);
runSchema.index({ processId: 1, version: 1, startedAt: -1 });

export const caseResults = (conn: Connection): Model<CaseResultDoc> => modelOn(conn, 'ConformanceCaseResult', caseResultSchema);
export const conformanceRuns = (conn: Connection): Model<RunDoc> => modelOn(conn, 'ConformanceRun', runSchema);

/** Benchmarks of a process: the normative rate it should reach, and how many cases each touchpoint should see. */
export interface BenchmarkDoc {
  _id: string;
  normativeRate: number;
  organisationalRate?: number;
  /** Expected cases started per day, per touchpoint code. */
  expectedCasesPerDay: Record<string, number>;
  updatedBy: string;
  updatedAt: Date;
}

const benchmarkSchema = new Schema<BenchmarkDoc>(
  {
    _id: { type: String, required: true },
    normativeRate: { type: Number, required: true },
    organisationalRate: Number,
    expectedCasesPerDay: { type: Schema.Types.Mixed, default: {} },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'conformance_benchmarks', versionKey: false, minimize: false, strict: 'throw' },
);

export type ReportDimension = 'process' | 'touchpoint' | 'department' | 'agent';
export type ReportPeriod = 'day' | 'month';

/** The four measurements for one process, period bucket and dimension value. */
export interface ReportDoc {
  /** `${processId}|${period}|${bucket}|${dimension}|${key}`. */
  _id: string;
  processId: string;
  period: ReportPeriod;
  bucket: string;
  dimension: ReportDimension;
  key: string;
  /** 1. Field application: cases started against those expected (touchpoint and process rows). */
  started: number;
  expected?: number;
  fieldApplication?: number;
  /** 2. Trajectory conformance: fitness distribution and the share of fully conformant cases. */
  checked: number;
  conformant: number;
  tooLarge: number;
  averageFitness: number;
  fitnessHistogram: { lt50: number; lt80: number; lt95: number; lt100: number; eq100: number };
  normativeRate: number;
  /** 3. Organisational conformance: steps done by the role or department the model names. */
  orgJudged: number;
  orgWrong: number;
  organisationalRate?: number;
  /** 4. Normative rate against the benchmark, and the change since the previous bucket. */
  benchmark?: number;
  belowBenchmark: boolean;
  trend?: number;
  updatedAt: Date;
}

const reportSchema = new Schema<ReportDoc>(
  {
    _id: { type: String, required: true },
    processId: { type: String, required: true },
    period: { type: String, enum: ['day', 'month'], required: true },
    bucket: { type: String, required: true },
    dimension: { type: String, enum: ['process', 'touchpoint', 'department', 'agent'], required: true },
    key: { type: String, required: true },
    started: { type: Number, required: true },
    expected: Number,
    fieldApplication: Number,
    checked: { type: Number, required: true },
    conformant: { type: Number, required: true },
    tooLarge: { type: Number, required: true },
    averageFitness: { type: Number, required: true },
    fitnessHistogram: { type: Schema.Types.Mixed, required: true },
    normativeRate: { type: Number, required: true },
    orgJudged: { type: Number, required: true },
    orgWrong: { type: Number, required: true },
    organisationalRate: Number,
    benchmark: Number,
    belowBenchmark: { type: Boolean, required: true },
    trend: Number,
    updatedAt: { type: Date, required: true },
  },
  { collection: 'conformance_reports', versionKey: false, minimize: false, strict: 'throw' },
);
reportSchema.index({ processId: 1, period: 1, dimension: 1, bucket: 1 });

/** An alert: a rate fell below its benchmark in a bucket. One per report and measure. */
export interface AlertDoc {
  /** `${reportId}|${measure}`. */
  _id: string;
  processId: string;
  reportId: string;
  period: ReportPeriod;
  bucket: string;
  dimension: ReportDimension;
  key: string;
  measure: 'normativeRate' | 'organisationalRate' | 'fieldApplication';
  value: number;
  benchmark: number;
  status: 'open' | 'acknowledged' | 'resolved';
  raisedAt: Date;
  updatedAt: Date;
  acknowledgedBy?: string;
}

const alertSchema = new Schema<AlertDoc>(
  {
    _id: { type: String, required: true },
    processId: { type: String, required: true },
    reportId: { type: String, required: true },
    period: { type: String, required: true },
    bucket: { type: String, required: true },
    dimension: { type: String, required: true },
    key: { type: String, required: true },
    measure: { type: String, enum: ['normativeRate', 'organisationalRate', 'fieldApplication'], required: true },
    value: { type: Number, required: true },
    benchmark: { type: Number, required: true },
    status: { type: String, enum: ['open', 'acknowledged', 'resolved'], required: true },
    raisedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    acknowledgedBy: String,
  },
  { collection: 'conformance_alerts', versionKey: false, minimize: false, strict: 'throw' },
);
alertSchema.index({ processId: 1, status: 1, raisedAt: -1 });

/** How far the monitor has read a process's trace events (event time), so each run reads only newer ones. */
export interface WatermarkDoc {
  _id: string;
  watermark: Date;
  lastRunAt: Date;
  casesChecked: number;
}

const watermarkSchema = new Schema<WatermarkDoc>(
  {
    _id: { type: String, required: true },
    watermark: { type: Date, required: true },
    lastRunAt: { type: Date, required: true },
    casesChecked: { type: Number, default: 0 },
  },
  { collection: 'conformance_watermarks', versionKey: false, strict: 'throw' },
);

export const benchmarks = (conn: Connection): Model<BenchmarkDoc> => modelOn(conn, 'ConformanceBenchmark', benchmarkSchema);
export const reports = (conn: Connection): Model<ReportDoc> => modelOn(conn, 'ConformanceReport', reportSchema);
export const alerts = (conn: Connection): Model<AlertDoc> => modelOn(conn, 'ConformanceAlert', alertSchema);
export const watermarks = (conn: Connection): Model<WatermarkDoc> => modelOn(conn, 'ConformanceWatermark', watermarkSchema);
