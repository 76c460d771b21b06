/**
 * Conformance runs over stored data: one engine case, all cases of a process version (optionally one
 * touchpoint), or a stored event log attached to a version. Results are written to the conformance
 * read models as they are produced.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { TASK_TYPES, type ConformanceTrace } from '../../core/conformance';
import { toConformanceTraces, type XesEvent, type XesTrace } from '../../core/eventlog';
import { caseResults, conformanceRuns, type CaseResultDoc, type RunDoc } from '../../store/conformance';
import { definitions, type DefinitionDoc } from '../../store/definitions';
import { decodeXes, eventLogTraces } from '../../store/eventlogs';
import { findCaseRecord } from '../../store/engine/case-record';
import { traceEventModel } from '../../store/engine/trace-event';
import { type CheckedCase, type CheckerOptions, ModelChecker, RunAggregator } from './checker';
import { engineCases, engineTraceToConformance, performersOf } from './engine-traces';

/** Thrown when what a check needs is not stored (case, definition, log); the type names which. */
export class ConformanceInputError extends Error {
  constructor(
    message: string,
    readonly what: 'case' | 'definition' | 'log',
  ) {
    super(message);
    this.name = 'ConformanceInputError';
  }
}

const checkers = new Map<string, ModelChecker>();
/** One checker per deployed definition (definitions are immutable, so caching by id is safe). */
export function checkerFor(def: Pick<DefinitionDoc, '_id' | 'graph'>, options: CheckerOptions = {}): ModelChecker {
  const key = `${def._id}|${options.maxStates ?? ''}|${options.now ?? ''}`;
  let c = checkers.get(key);
  if (!c) {
    if (checkers.size > 200) checkers.clear();
    c = new ModelChecker(def.graph, options);
    checkers.set(key, c);
  }
  return c;
}

const toDoc = (c: CheckedCase, meta: Pick<CaseResultDoc, '_id' | 'processId' | 'version'> & Partial<CaseResultDoc>): CaseResultDoc => ({
  ...meta,
  caseId: c.caseId,
  verdict: c.verdict,
  ...(c.fitness !== undefined ? { fitness: c.fitness } : {}),
  tokenFitness: c.tokenFitness,
  deviations: c.deviations,
  events: c.events,
  checkedAt: new Date(),
});

/** Checks one engine case against the definition it ran on and stores the result as `case:<id>`. */
export async function checkEngineCase(db: Connection, caseId: string, options: CheckerOptions = {}): Promise<CaseResultDoc> {
  const events = await traceEventModel(db).find({ caseId }, { _id: 0 }).sort({ seq: 1 }).lean();
  if (events.length === 0) throw new ConformanceInputError(`case ${caseId} has no trace events`, 'case');
  const def = await definitions(db).findById(events[0].definitionId, { graph: 1 }).lean();
  if (!def) throw new ConformanceInputError(`definition ${events[0].definitionId} is not stored`, 'definition');
  const record = await findCaseRecord(db, caseId, { touchpoint: 1, startedAt: 1, _id: 0 });
  const trace = engineTraceToConformance(caseId, events, await performersOf(db, [caseId]));
  const checked = checkerFor(def, options).check(trace);
  const startedAt = record?.startedAt ? new Date(record.startedAt) : new Date(events[0].at);
  const iso = startedAt.toISOString();
  const doc = toDoc(checked, {
    _id: `case:${caseId}`,
    processId: events[0].processId,
    version: events[0].version,
    ...(record?.touchpoint ? { touchpoint: record.touchpoint } : {}),
    monitored: true,
    startedAt,
    day: iso.slice(0, 10),
    month: iso.slice(0, 7),
    org: checked.org,
    agents: checked.agents,
    departments: checked.departments,
  });
  await caseResults(db).collection.replaceOne({ _id: doc._id } as never, doc, { upsert: true });
  return doc;
}

export interface RunRequest {
  processId: string;
  version?: number;
  logId?: string;
  touchpoint?: string;
  createdBy: string;
  maxStates?: number;
}

const PAGE = 100;

const stringAttr = (e: XesEvent, key: string): string | undefined => {
  const a = e.attributes.find((x) => x.key === key);
  return a && (a.type === 'string' || a.type === 'id') ? a.value : undefined;
};

/**
 * A stored trace as conformance reads it: events with a lifecycle other than complete (or an
 * operator's skip, which counts as an override) are left out, as are events a snapshot of the engine
 * log marks as gateways or events (`tp:elementType`), which the model does not log.
 */
export function storedTraceForConformance(xes: XesTrace): ConformanceTrace {
  const kept: XesEvent[] = [];
  const skipped = new Set<number>();
  for (const e of xes.events) {
    const lifecycle = stringAttr(e, 'lifecycle:transition');
    const type = stringAttr(e, 'tp:elementType');
    if (lifecycle !== undefined && lifecycle !== 'complete' && lifecycle !== 'skip') continue;
    if (type !== undefined && !TASK_TYPES.has(type)) continue;
    if (lifecycle === 'skip') skipped.add(kept.length);
    kept.push(e);
  }
  const [trace] = toConformanceTraces({ logAttributes: {}, extensions: [], globals: [], classifiers: [], attributes: [], traces: [{ ...xes, events: kept }] });
  for (const i of skipped) trace.events[i].override = true;
  return trace;
}

/** Runs conformance over a version's engine cases or a stored log; returns the finished run document. */
export async function runConformance(db: Connection, req: RunRequest): Promise<RunDoc> {
  const q: Record<string, unknown> = { processId: req.processId };
  if (req.version !== undefined) q.version = req.version;
  const def = await definitions(db).findOne(q, { graph: 1, version: 1, processId: 1 }).sort({ version: -1 }).lean();
  if (!def) throw new ConformanceInputError(`no deployed process ${req.processId}${req.version ? ` version ${req.version}` : ''}`, 'definition');
  const checker = checkerFor(def, { maxStates: req.maxStates });
  const run: RunDoc = {
    _id: randomUUID(),
    processId: def.processId,
    version: def.version,
    source: req.logId ? 'log' : 'engine',
    status: 'running',
    createdBy: req.createdBy,
    startedAt: new Date(),
  };
  if (req.logId) run.logId = req.logId;
  if (req.touchpoint) run.touchpoint = req.touchpoint;
  const Runs = conformanceRuns(db);
  await Runs.collection.insertOne(run as never);
  const agg = new RunAggregator((a) => checker.elementOf(a));
  const Results = caseResults(db);
  let batch: CaseResultDoc[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length) await Results.collection.insertMany(batch as never[]);
    batch = [];
  };
  const record = async (c: CheckedCase, touchpoint?: string): Promise<void> => {
    agg.add(c);
    batch.push(toDoc(c, { _id: `${run._id}:${c.caseId}`, runId: run._id, processId: def.processId, version: def.version, ...(touchpoint ? { touchpoint } : {}) }));
    if (batch.length >= PAGE) await flush();
  };
  try {
    if (req.logId) {
      if (!(await eventLogTraces(db).exists({ logId: req.logId }))) throw new ConformanceInputError(`event log ${req.logId} has no traces`, 'log');
      const cursor = eventLogTraces(db).find({ logId: req.logId }, { attributes: 1, events: 1, _id: 0 }).sort({ index: 1 }).lean().cursor();
      for await (const t of cursor) {
        const xes: XesTrace = { attributes: decodeXes(t.attributes), events: decodeXes(t.events) };
        await record(checker.check(storedTraceForConformance(xes)), req.touchpoint);
      }
    } else {
      let pending: { caseId: string; events: Parameters<typeof engineTraceToConformance>[1] }[] = [];
      const drain = async (): Promise<void> => {
        const performers = await performersOf(db, pending.map((p) => p.caseId));
        for (const p of pending) await record(checker.check(engineTraceToConformance(p.caseId, p.events, performers)), req.touchpoint);
        pending = [];
      };
      for await (const c of engineCases(db, { processId: def.processId, version: def.version, touchpoint: req.touchpoint })) {
        pending.push(c);
        if (pending.length >= PAGE) await drain();
      }
      await drain();
    }
    await flush();
    await Runs.updateOne({ _id: run._id }, { $set: { status: 'done', summary: agg.summary(), finishedAt: new Date() } });
  } catch (err) {
    await Runs.updateOne({ _id: run._id }, { $set: { status: 'failed', failure: (err as Error).message, finishedAt: new Date() } });
    throw err;
  }
  return (await Runs.findById(run._id).lean()) as RunDoc;
}
