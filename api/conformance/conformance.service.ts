/** Conformance of cases and process versions against the deployed BPMN. */
import type { Connection } from 'mongoose';
import { checkEngineCase, ConformanceInputError, runConformance } from '../../activities/conformance/runs';
import { caseResults, conformanceRuns, type CaseResultDoc, type RunDoc } from '../../store/conformance';
import { eventLogs } from '../../store/eventlogs';
import type { Principal } from '../auth/principal';
import { AppError } from '../errors';
import type { RunBody, RunCasesQuery, RunListQuery } from './conformance.schemas';

const FIELD: Record<ConformanceInputError['what'], string> = { case: 'params.id', definition: 'body.processId', log: 'body.logId' };

function mapInput(err: unknown): never {
  if (err instanceof ConformanceInputError) {
    if (err.what === 'case') throw AppError.notFound('case trace');
    throw AppError.unprocessable(err.message, [{ field: FIELD[err.what], message: err.message }]);
  }
  throw err;
}

export async function checkCase(db: Connection, caseId: string): Promise<CaseResultDoc> {
  return checkEngineCase(db, caseId, { now: Date.now() }).catch(mapInput);
}

export async function startRun(db: Connection, body: RunBody, user: Principal): Promise<RunDoc> {
  if (body.logId) {
    const log = await eventLogs(db).findById(body.logId, { status: 1, processId: 1, version: 1 }).lean();
    if (!log) throw AppError.unprocessable('no such event log', [{ field: 'body.logId', message: 'not found' }]);
    if (log.status !== 'done') throw AppError.conflict(`the event log is ${log.status}`);
    if (log.processId && log.processId !== body.processId) {
      throw AppError.unprocessable(`the event log belongs to process ${log.processId}`, [{ field: 'body.processId', message: 'does not match the log' }]);
    }
    if (log.version !== undefined && body.version !== undefined && log.version !== body.version) {
      throw AppError.unprocessable(`the event log belongs to version ${log.version}`, [{ field: 'body.version', message: 'does not match the log' }]);
    }
    body = { ...body, version: body.version ?? log.version };
  }
  return runConformance(db, { ...body, createdBy: user.username }).catch(mapInput);
}

export async function listRuns(db: Connection, q: RunListQuery): Promise<{ items: RunDoc[]; total: number; page: number; pageSize: number }> {
  const filter: Record<string, unknown> = {};
  if (q.processId) filter.processId = q.processId;
  if (q.version !== undefined) filter.version = q.version;
  const [items, total] = await Promise.all([
    conformanceRuns(db).find(filter).sort({ startedAt: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
    conformanceRuns(db).countDocuments(filter),
  ]);
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export async function getRun(db: Connection, id: string): Promise<RunDoc> {
  const run = await conformanceRuns(db).findById(id).lean();
  if (!run) throw AppError.notFound('conformance run');
  return run;
}

/** Drill-down: the cases of a run, by verdict, deviation kind or model element. */
export async function runCases(db: Connection, id: string, q: RunCasesQuery): Promise<{ items: CaseResultDoc[]; total: number; page: number; pageSize: number }> {
  await getRun(db, id);
  const filter: Record<string, unknown> = { runId: id };
  if (q.verdict) filter.verdict = q.verdict;
  const all = await caseResults(db).find(filter).sort({ caseId: 1 }).lean();
  // Deviations are a free-form list: filter them here rather than with operators some servers lack.
  const hits = all.filter(
    (c) =>
      (!q.kind || c.deviations.some((d) => d.kind === q.kind)) &&
      (!q.elementId || c.deviations.some((d) => 'elementId' in d && d.elementId === q.elementId)),
  );
  const items = hits.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  return { items, total: hits.length, page: q.page, pageSize: q.pageSize };
}
