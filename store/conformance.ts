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
  },
  { collection: 'conformance_case_results', versionKey: false, minimize: false, strict: 'throw' },
);
caseResultSchema.index({ runId: 1, verdict: 1 });
caseResultSchema.index({ caseId: 1 });

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
