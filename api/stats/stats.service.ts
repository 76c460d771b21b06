/** Process statistics read back from the engine's trace events. */
import type { Connection } from 'mongoose';
import { definitions } from '../../store/definitions';
import { traceEventModel, type TraceEventDoc } from '../../store/engine/trace-event';
import { found } from '../route';
import type { ElementStats, Heatmap } from './stats.schemas';

interface Acc {
  elementType: string;
  elementName?: string;
  cases: Set<string>;
  completions: number;
  totalMs: number;
}

type Pass = Pick<TraceEventDoc, 'caseId' | 'seq' | 'elementId' | 'elementType' | 'elementName' | 'tokenId' | 'lifecycle' | 'at'>;

/**
 * The heatmap of one process version: per element, how many cases reached it and the mean time a
 * token spent in it (start to complete of the same token). Events are read case by case in seq order,
 * so a start is always seen before its complete.
 */
export async function versionHeatmap(db: Connection, definitionId: string): Promise<Heatmap> {
  const def = found(await definitions(db).findById(definitionId, { processId: 1, version: 1 }).lean(), 'definition');
  const byElement = new Map<string, Acc>();
  const open = new Map<string, number>();
  const allCases = new Set<string>();
  const cursor = traceEventModel(db)
    .find({ definitionId }, { _id: 0, caseId: 1, seq: 1, elementId: 1, elementType: 1, elementName: 1, tokenId: 1, lifecycle: 1, at: 1 })
    .sort({ caseId: 1, seq: 1 })
    .lean<Pass[]>()
    .cursor();
  for await (const e of cursor as AsyncIterable<Pass>) {
    allCases.add(e.caseId);
    let acc = byElement.get(e.elementId);
    if (!acc) byElement.set(e.elementId, (acc = { elementType: e.elementType, cases: new Set(), completions: 0, totalMs: 0 }));
    acc.elementName ??= e.elementName;
    acc.cases.add(e.caseId);
    const key = `${e.caseId}\u0000${e.tokenId ?? ''}\u0000${e.elementId}`;
    if (e.lifecycle === 'start') {
      open.set(key, new Date(e.at).getTime());
    } else if (e.lifecycle === 'complete') {
      const started = open.get(key);
      open.delete(key);
      if (started !== undefined) {
        acc.completions += 1;
        acc.totalMs += Math.max(0, new Date(e.at).getTime() - started);
      }
    } else if (e.lifecycle !== 'incident') {
      // cancel, skip and move end the token's stay without a normal completion.
      open.delete(key);
    }
  }
  const active = new Map<string, number>();
  for (const key of open.keys()) {
    const elementId = key.slice(key.lastIndexOf('\u0000') + 1);
    active.set(elementId, (active.get(elementId) ?? 0) + 1);
  }
  const elements: ElementStats[] = [...byElement].map(([elementId, a]) => ({
    elementId,
    elementType: a.elementType,
    ...(a.elementName ? { elementName: a.elementName } : {}),
    cases: a.cases.size,
    completions: a.completions,
    meanDurationMs: a.completions ? Math.round(a.totalMs / a.completions) : null,
    active: active.get(elementId) ?? 0,
  }));
  elements.sort((x, y) => y.cases - x.cases || x.elementId.localeCompare(y.elementId));
  return { definitionId, processId: def.processId, version: def.version, cases: allCases.size, elements };
}
