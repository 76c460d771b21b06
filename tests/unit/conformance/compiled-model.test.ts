import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn } from '../../../core/bpmn';
import type { CompiledProcess } from '../../../core/bpmn/graph';
import { alignmentDeviations, alignTrace, bpmnToPetriNet, type PetriNet, replayTrace } from '../../../core/conformance';
import { trace } from './graph-builder';

/**
 * complaint.bpmn: Classify → OR-split (Inform supervisor and/or Inform department) → OR-join →
 * subprocess Handling [Handle, repeated while not solved] → Reply. Shortest visible run:
 * Classify, one Inform, Handle, Reply = 4 visible steps.
 */
describe('conformance against a compiled BPMN model', () => {
  let process: CompiledProcess;
  let net: PetriNet;

  beforeAll(async () => {
    const result = await compileBpmn(readFileSync(join(__dirname, 'complaint.bpmn'), 'utf8'));
    const main = result.main ?? result.processes[0];
    if (!main) throw new Error(`compile failed: ${JSON.stringify(result.problems)}`);
    process = main;
    net = bpmnToPetriNet(process);
  });

  it.each([
    [['Classify', 'Inform supervisor', 'Handle', 'Reply']],
    [['Classify', 'Inform department', 'Inform supervisor', 'Handle', 'Handle', 'Reply']],
    [['Classify', 'Inform department', 'Handle', 'Handle', 'Handle', 'Reply']],
  ])('when the case follows the model (%j), then alignment fitness 1', (acts) => {
    expect(alignTrace(net, trace('ok', ...acts)).fitness).toBe(1);
  });

  it('when a single-branch case follows the model, then token replay fitness is also 1', () => {
    expect(replayTrace(net, trace('ok', 'Classify', 'Inform supervisor', 'Handle', 'Reply')).fitness).toBe(1);
  });

  it('when Handle is skipped, then one skipped step inside the subprocess: fitness 1 − 1/(3 + 4) = 6/7', () => {
    const a = alignTrace(net, trace('skip', 'Classify', 'Inform supervisor', 'Reply'));
    expect(a.fitness).toBeCloseTo(6 / 7, 12);
    expect(alignmentDeviations(a)).toEqual([{ kind: 'skipped', activity: 'Handle', elementId: 'Handle' }]);
  });

  it('when Reply comes before Handle, then one wrong-order step', () => {
    const devs = alignmentDeviations(
      alignTrace(net, trace('swap', 'Classify', 'Inform department', 'Reply', 'Handle')),
    );
    expect(devs).toHaveLength(1);
    expect(devs[0].kind).toBe('wrong-order');
  });
});
