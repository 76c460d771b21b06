import { alignLog, bpmnToPetriNet, replayLog } from '../../../core/conformance';
import { graph, trace } from './graph-builder';

/**
 * S → A → AND(B ‖ C ‖ D) → XOR(F | G) → H → XOR(loop back to A | end). The workflow net built by
 * bpmnToPetriNet was loaded into PM4Py 2.7.23.11 (same places, transitions, markings) and these noisy
 * traces replayed there with `token_replay.apply` and `alignments.apply` (default parameters), and
 * the log figures with `replay_fitness.apply` (TOKEN_BASED and ALIGNMENT_BASED variants).
 * The expected values below are PM4Py's output.
 */
const model = graph(
  [
    ['S', 'StartEvent'],
    ['A', 'Task'],
    ['P', 'ParallelGateway'],
    ['B', 'Task'],
    ['C', 'Task'],
    ['D', 'Task'],
    ['Q', 'ParallelGateway'],
    ['X', 'ExclusiveGateway'],
    ['F', 'Task'],
    ['G', 'Task'],
    ['J', 'ExclusiveGateway'],
    ['H', 'Task'],
    ['L', 'ExclusiveGateway'],
    ['E', 'EndEvent'],
  ],
  [
    'S->A',
    'A->P',
    'P->B',
    'P->C',
    'P->D',
    'B->Q',
    'C->Q',
    'D->Q',
    'Q->X',
    'X->F',
    'X->G',
    'F->J',
    'G->J',
    'J->H',
    'H->L',
    'L->A',
    'L->E',
  ],
);

/** [activities, [produced, consumed, missing, remaining], token-replay fitness, alignment fitness] from PM4Py. */
const golden: [string[], [number, number, number, number], number, number][] = [
  [['A', 'C', 'B', 'D', 'F', 'F', 'H'], [19, 19, 1, 1], 0.9473684210526316, 0.9230769230769231],
  [['C', 'B', 'D', 'F', 'H'], [12, 14, 3, 1], 0.8511904761904762, 0.9090909090909091],
  [['A', 'C', 'B', 'D', 'H'], [13, 11, 1, 3], 0.8391608391608392, 0.9090909090909091],
  [['A', 'C', 'B', 'F', 'H', 'F'], [16, 14, 2, 4], 0.8035714285714286, 0.8333333333333334],
  [['A', 'C', 'B', 'D', 'B', 'G', 'H'], [19, 19, 1, 1], 0.9473684210526316, 0.9230769230769231],
  [['A', 'D', 'C', 'B', 'D', 'G', 'H'], [19, 19, 1, 1], 0.9473684210526316, 0.9230769230769231],
  [['A', 'C', 'B', 'D', 'G'], [13, 13, 1, 1], 0.9230769230769231, 0.9090909090909091],
  [['A', 'B', 'D', 'F', 'H'], [15, 13, 1, 3], 0.8615384615384616, 0.9090909090909091],
  [['A', 'C', 'D', 'G', 'H'], [15, 13, 1, 3], 0.8615384615384616, 0.9090909090909091],
  [['A', 'C', 'H', 'B', 'D', 'G', 'H'], [19, 19, 1, 1], 0.9473684210526316, 0.9230769230769231],
];

describe('agreement with PM4Py', () => {
  const net = bpmnToPetriNet(model);
  const traces = golden.map(([acts], i) => trace(String(i), ...acts));

  it.each(golden.map((g, i) => [i, ...g] as const))(
    'when trace %i %j is replayed, then tokens and fitness equal PM4Py’s',
    (i, _acts, [p, c, m, r], trFitness, alFitness) => {
      const replay = replayLog(net, [traces[i]]).traces[0];
      expect([replay.produced, replay.consumed, replay.missing, replay.remaining]).toEqual([p, c, m, r]);
      expect(replay.fitness).toBeCloseTo(trFitness, 12);
      expect(alignLog(net, [traces[i]]).traces[0].fitness).toBeCloseTo(alFitness, 12);
    },
  );

  it('when the log is evaluated, then log fitness equals PM4Py’s for both methods', () => {
    expect(replayLog(net, traces).logFitness).toBeCloseTo(0.8984172077922078, 12);
    expect(alignLog(net, traces).logFitness).toBeCloseTo(0.9074943911804989, 12);
  });
});
