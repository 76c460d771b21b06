import type { CompiledProcess } from '../bpmn/graph';
import { alignTrace, type AlignmentOptions, type AlignmentResult } from './alignment';
import { alignmentDeviations, type Deviation, organisationalDeviations } from './deviations';
import type { PetriNet } from './petri-net';
import type { ConformanceTrace } from './types';

/** The verdict on one case. */
export interface CaseConformance {
  caseId: string;
  /** `too-large`: alignment exceeded its budget; no deviations are known. */
  verdict: 'conformant' | 'deviant' | 'too-large';
  fitness?: number;
  deviations: Deviation[];
  alignment: AlignmentResult;
}

/** Aligns a case and lists its control-flow and organisational deviations. */
export function checkCase(
  process: CompiledProcess,
  net: PetriNet,
  trace: ConformanceTrace,
  options: AlignmentOptions = {},
): CaseConformance {
  const alignment = alignTrace(net, trace, options);
  if (alignment.verdict === 'too-large') {
    return { caseId: trace.caseId, verdict: 'too-large', deviations: [], alignment };
  }
  const deviations = [...alignmentDeviations(alignment), ...organisationalDeviations(process, trace, alignment)];
  return {
    caseId: trace.caseId,
    verdict: deviations.length === 0 ? 'conformant' : 'deviant',
    fitness: alignment.fitness,
    deviations,
    alignment,
  };
}
