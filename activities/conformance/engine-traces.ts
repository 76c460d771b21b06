/**
 * The engine's trace events read back as an event log: grouped per case in `seq` order, turned into
 * XES traces for export or into conformance traces (only the steps the model logs: tasks and call
 * activities completed or skipped by an operator), with each step's performer looked up from the
 * task inbox and the user directory.
 */
import mongoose, { type Connection } from 'mongoose';
import { TASK_TYPES, type ConformanceEvent, type ConformanceTrace } from '../../core/conformance';
import type { XesAttribute, XesLog, XesTrace } from '../../core/eventlog';
import { caseRecordModel } from '../../store/engine/case-record';
import { taskModel } from '../../store/engine/task';
import { traceEventModel, type TraceEventDoc } from '../../store/engine/trace-event';
import { users } from '../../store/users';

/** Which cases' events to read. */
export interface EngineLogFilter {
  processId?: string;
  version?: number;
  touchpoint?: string;
  caseIds?: string[];
}

/** The header of an exported engine log: the standard extensions plus our own attribute prefix. */
export const ENGINE_LOG_HEADER: Omit<XesLog, 'traces'> = {
  logAttributes: { 'xes.version': '1849-2016', 'xes.features': 'nested-attributes' },
  extensions: [
    { name: 'Concept', prefix: 'concept', uri: 'http://www.xes-standard.org/concept.xesext' },
    { name: 'Time', prefix: 'time', uri: 'http://www.xes-standard.org/time.xesext' },
    { name: 'Organizational', prefix: 'org', uri: 'http://www.xes-standard.org/org.xesext' },
    { name: 'Lifecycle', prefix: 'lifecycle', uri: 'http://www.xes-standard.org/lifecycle.xesext' },
  ],
  globals: [],
  classifiers: [{ name: 'Activity', keys: 'concept:name' }],
  attributes: [{ type: 'string', key: 'concept:name', value: 'Touchpoint engine log' }],
};

/** The case ids a filter selects, or undefined when it selects by process and version only. */
async function selectedCases(db: Connection, f: EngineLogFilter): Promise<string[] | undefined> {
  if (f.caseIds) return f.caseIds;
  if (!f.touchpoint) return undefined;
  const q: Record<string, unknown> = { touchpoint: f.touchpoint };
  if (f.processId) q.processId = f.processId;
  if (f.version !== undefined) q.version = f.version;
  const rows = await caseRecordModel(db).find(q, { caseId: 1, _id: 0 }).lean();
  return rows.map((r) => r.caseId);
}

/** Streams the events of the selected cases, one case at a time, in (caseId, seq) order. */
export async function* engineCases(db: Connection, f: EngineLogFilter): AsyncGenerator<{ caseId: string; events: TraceEventDoc[] }> {
  const q: Record<string, unknown> = {};
  if (f.processId) q.processId = f.processId;
  if (f.version !== undefined) q.version = f.version;
  const cases = await selectedCases(db, f);
  if (cases) {
    if (cases.length === 0) return;
    q.caseId = mongoose.trusted({ $in: cases });
  }
  const cursor = traceEventModel(db).find(q, { _id: 0 }).sort({ caseId: 1, seq: 1 }).lean().cursor();
  let current: { caseId: string; events: TraceEventDoc[] } | undefined;
  for await (const e of cursor as AsyncIterable<TraceEventDoc>) {
    if (current && current.caseId !== e.caseId) {
      yield current;
      current = undefined;
    }
    current ??= { caseId: e.caseId, events: [] };
    current.events.push(e);
  }
  if (current) yield current;
}

/** The activity name a step is logged under: the same label the Petri net gives its transition. */
export const activityOf = (e: Pick<TraceEventDoc, 'elementName' | 'elementId'>): string => e.elementName ?? e.elementId;

/** One case's trace events as an XES trace: every event, every field. */
export function engineTraceToXes(caseId: string, events: TraceEventDoc[]): XesTrace {
  const first = events[0];
  const attributes: XesAttribute[] = [{ type: 'string', key: 'concept:name', value: caseId }];
  if (first) {
    attributes.push(
      { type: 'string', key: 'tp:processId', value: first.processId },
      { type: 'string', key: 'tp:definitionId', value: first.definitionId },
      { type: 'int', key: 'tp:version', value: first.version },
      { type: 'string', key: 'tp:xmlHash', value: first.xmlHash },
    );
  }
  return {
    attributes,
    events: events.map((e) => {
      const at = new Date(e.at);
      const a: XesAttribute[] = [
        { type: 'string', key: 'concept:name', value: activityOf(e) },
        { type: 'string', key: 'lifecycle:transition', value: e.lifecycle },
        { type: 'date', key: 'time:timestamp', value: at.getTime(), text: at.toISOString() },
        { type: 'string', key: 'tp:elementId', value: e.elementId },
        { type: 'string', key: 'tp:elementType', value: e.elementType },
        { type: 'int', key: 'tp:seq', value: e.seq },
      ];
      if (e.actor) a.push({ type: 'string', key: 'org:resource', value: e.actor });
      if (e.tokenId) a.push({ type: 'string', key: 'tp:tokenId', value: e.tokenId });
      if (e.reason) a.push({ type: 'string', key: 'tp:reason', value: e.reason });
      return { attributes: a };
    }),
  };
}

/** Who did a user task of a case, with the department and groups the directory gives them. */
export interface Performer {
  resource: string;
  department?: string;
  groups: string[];
}

/** Looks up the performers of the completed user tasks of some cases (by case and element). */
export async function performersOf(db: Connection, caseIds: string[]): Promise<Map<string, Performer[]>> {
  const out = new Map<string, Performer[]>();
  if (caseIds.length === 0) return out;
  const tasks = await taskModel(db)
    .find({ caseId: mongoose.trusted({ $in: caseIds }), status: 'completed' }, { caseId: 1, elementId: 1, completedBy: 1, closedAt: 1, _id: 0 })
    .sort({ closedAt: 1 })
    .lean();
  const names = [...new Set(tasks.map((t) => t.completedBy).filter((x): x is string => !!x))];
  const people = names.length
    ? await users(db)
        .find({ $or: [{ _id: mongoose.trusted({ $in: names }) }, { username: mongoose.trusted({ $in: names }) }] }, { username: 1, department: 1, groups: 1 })
        .lean()
    : [];
  const byKey = new Map<string, (typeof people)[number]>();
  for (const p of people) {
    byKey.set(p._id, p);
    byKey.set(p.username, p);
  }
  for (const t of tasks) {
    if (!t.completedBy) continue;
    const p = byKey.get(t.completedBy);
    const key = `${t.caseId}\u0000${t.elementId}`;
    const list = out.get(key) ?? [];
    list.push({ resource: p?.username ?? t.completedBy, department: p?.department, groups: p?.groups ?? [] });
    out.set(key, list);
  }
  return out;
}

/**
 * One case's trace events as conformance checking reads them: each completed task or call activity
 * is a step; an operator's skip is a step marked as an override, and the first step after an
 * operator's move is marked too. Performers come from `performers` (in completion order per element).
 */
export function engineTraceToConformance(
  caseId: string,
  events: TraceEventDoc[],
  performers: Map<string, Performer[]> = new Map(),
): ConformanceTrace {
  const out: ConformanceEvent[] = [];
  const used = new Map<string, number>();
  let moved = false;
  for (const e of events) {
    if (e.lifecycle === 'move') {
      moved = true;
      continue;
    }
    if (!TASK_TYPES.has(e.elementType)) continue;
    if (e.lifecycle !== 'complete' && e.lifecycle !== 'skip') continue;
    const ev: ConformanceEvent = { activity: activityOf(e), timestamp: new Date(e.at).getTime() };
    if (e.lifecycle === 'skip' || moved) ev.override = true;
    moved = false;
    if (e.lifecycle === 'skip') {
      if (e.actor) ev.resource = e.actor;
    } else {
      const key = `${caseId}\u0000${e.elementId}`;
      const n = used.get(key) ?? 0;
      const p = performers.get(key)?.[n];
      used.set(key, n + 1);
      if (p) {
        ev.resource = p.resource;
        if (p.department) ev.department = p.department;
        if (p.groups.length) ev.groups = p.groups;
      }
    }
    out.push(ev);
  }
  return { caseId, events: out };
}
