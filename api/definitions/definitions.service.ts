/**
 * Deploying BPMN: compile with the engine's compiler, refuse models with errors (422 naming each
 * element), store the XML, the compiled graphs and the hash as the next version of the process.
 * The same XML deployed twice returns the version already stored (unique index on the hash).
 */
import type { Connection } from 'mongoose';
import { compileBpmn } from '../../core/bpmn/compile';
import type { CompileResult, CompiledProcess } from '../../core/bpmn/graph';
import { definitions, type DefinitionDoc } from '../../store/definitions';
import { canonical as canonicalJson } from '../../core/audit/canonical';
import { appendAudit } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { AppError } from '../errors';

export type DefinitionSummary = Pick<DefinitionDoc, '_id' | 'processId' | 'name' | 'version' | 'xmlHash' | 'author' | 'note' | 'retired' | 'createdAt'>;

const SUMMARY = { _id: 1, processId: 1, name: 1, version: 1, xmlHash: 1, author: 1, note: 1, retired: 1, createdAt: 1 } as const;

const isDup = (err: unknown): boolean => (err as { code?: number }).code === 11000;

export async function deployDefinition(
  conn: Connection,
  xml: string,
  note: string | undefined,
  actor: Principal,
): Promise<{ created: boolean; definition: DefinitionSummary & { warnings: DefinitionDoc['warnings'] } }> {
  let result: CompileResult;
  try {
    result = await compileBpmn(xml);
  } catch (err) {
    throw AppError.unprocessable(`the BPMN document could not be read: ${(err as Error).message}`);
  }
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (!result.ok || errors.length > 0 || !result.main) {
    const list = errors.map((p) => ({ elementId: p.elementId, message: `${p.rule}: ${p.message}` }));
    if (!result.main) list.push({ elementId: undefined, message: 'the document defines no executable process' });
    throw AppError.unprocessable(`the model has ${list.length} problem(s)`, list);
  }
  const Definitions = definitions(conn);
  const warnings = result.problems.filter((p) => p.severity === 'warning');
  const main = result.main;
  const calledGraphs: Record<string, CompiledProcess> = {};
  for (const p of result.processes) if (p.processId !== main.processId) calledGraphs[p.processId] = p;

  for (let attempt = 0; attempt < 10; attempt++) {
    const same = await Definitions.findOne({ xmlHash: result.xmlHash }, { ...SUMMARY, warnings: 1 }).lean();
    if (same) return { created: false, definition: same };
    const latest = await Definitions.findOne({ processId: main.processId }, { version: 1 }).sort({ version: -1 }).lean();
    const version = (latest?.version ?? 0) + 1;
    const doc = {
      _id: `${main.processId}:${version}`,
      processId: main.processId,
      name: main.name,
      version,
      xml,
      xmlHash: result.xmlHash,
      graph: main,
      calledGraphs,
      warnings,
      author: actor.username,
      note,
      retired: false,
      createdAt: new Date(),
    };
    try {
      await Definitions.collection.insertOne(doc as never);
    } catch (err) {
      if (isDup(err)) continue;
      throw err;
    }
    await appendAudit(conn, { actor: actor.username, action: 'definition.deploy', target: doc._id, after: { processId: doc.processId, version, xmlHash: doc.xmlHash, note } });
    const { xml: _x, graph: _g, calledGraphs: _c, ...summary } = doc;
    return { created: true, definition: summary };
  }
  throw AppError.conflict('too many concurrent deployments of this process; retry');
}

export function listDefinitions(conn: Connection, q: { processId?: string; includeRetired?: 'true' | 'false' }): Promise<DefinitionSummary[]> {
  const filter: Record<string, unknown> = {};
  if (q.processId) filter.processId = q.processId;
  if (q.includeRetired !== 'true') filter.retired = false;
  return definitions(conn).find(filter, SUMMARY).sort({ processId: 1, version: -1 }).lean();
}

export async function getDefinition(conn: Connection, id: string): Promise<DefinitionDoc> {
  const d = await definitions(conn).findById(id).lean();
  if (!d) throw AppError.notFound('definition');
  return d;
}

/**
 * The latest non-retired version of a process, or a pinned version. `omitXml` leaves the drawing
 * out (the compiled graph is what runs), which keeps intake from reading the largest field.
 */
export async function resolveDefinition(conn: Connection, processId: string, version?: number, omitXml = false): Promise<DefinitionDoc | null> {
  const filter = version ? { processId, version } : { processId, retired: false };
  return definitions(conn).findOne(filter, omitXml ? { xml: 0 } : undefined).sort({ version: -1 }).lean();
}

export interface VersionDiff {
  processId: string;
  from: number;
  to: number;
  added: string[];
  removed: string[];
  changed: string[];
}

/** Which elements and flows were added, removed or changed between two versions. */
export async function compareVersions(conn: Connection, processId: string, from: number, to: number): Promise<VersionDiff> {
  const [a, b] = await Promise.all([
    definitions(conn).findOne({ processId, version: from }, { graph: 1 }).lean(),
    definitions(conn).findOne({ processId, version: to }, { graph: 1 }).lean(),
  ]);
  if (!a || !b) throw AppError.notFound('definition version');
  const items = (g: CompiledProcess): Map<string, string> => {
    const m = new Map<string, string>();
    for (const [id, e] of Object.entries(g.elements ?? {})) m.set(id, canonicalJson(e));
    for (const [id, f] of Object.entries(g.flows ?? {})) m.set(id, canonicalJson(f));
    return m;
  };
  const ia = items(a.graph);
  const ib = items(b.graph);
  const added = [...ib.keys()].filter((k) => !ia.has(k)).sort();
  const removed = [...ia.keys()].filter((k) => !ib.has(k)).sort();
  const changed = [...ib.keys()].filter((k) => ia.has(k) && ia.get(k) !== ib.get(k)).sort();
  return { processId, from, to, added, removed, changed };
}

export async function retireDefinition(conn: Connection, id: string, actor: Principal): Promise<DefinitionSummary> {
  const before = await definitions(conn).findById(id, SUMMARY).lean();
  if (!before) throw AppError.notFound('definition');
  // FerretDB's findAndModify takes no projection: update, then read the summary.
  await definitions(conn).updateOne({ _id: id }, { $set: { retired: true } });
  await appendAudit(conn, { actor: actor.username, action: 'definition.retire', target: id, before: { retired: before.retired }, after: { retired: true } });
  return { ...before, retired: true };
}
