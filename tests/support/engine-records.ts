/** Inputs of the engine's flush activity for store-level tests: trace events and a case record. */
import type { CaseRecordInput, TraceEventInput } from '../../activities/engine/types';

/** A fixed workflow time: 2026-11-23 09:00:00 UTC plus `seconds`. */
export const flushTime = (seconds: number): string => new Date(Date.UTC(2026, 10, 23, 9, 0, seconds)).toISOString();

/** `count` service-task events of one case from seq `from` on, alternating start and complete. */
export function traceEvents(caseId: string, from: number, count: number, extra: (seq: number) => Partial<TraceEventInput> = () => ({})): TraceEventInput[] {
  return Array.from({ length: count }, (_, i) => {
    const seq = from + i;
    return {
      caseId,
      seq,
      processId: 'P',
      definitionId: 'P:1',
      version: 1,
      xmlHash: 'h',
      elementId: `el_${seq}`,
      elementType: 'bpmn:ServiceTask',
      lifecycle: seq % 2 ? 'start' : 'complete',
      at: flushTime(seq),
      ...extra(seq),
    };
  });
}

/** A running case's record as the engine writes it, started at {@link flushTime}(0). */
export function caseRecordInput(caseId: string, overrides: Partial<CaseRecordInput> = {}): CaseRecordInput {
  return {
    caseId,
    definitionId: 'P:1',
    version: 1,
    processId: 'P',
    status: 'running',
    startedAt: flushTime(0),
    openTasks: 0,
    incidents: 0,
    updatedAt: flushTime(0),
    ...overrides,
  };
}
