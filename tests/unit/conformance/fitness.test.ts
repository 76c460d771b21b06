import { alignLog, alignTrace, bpmnToPetriNet, replayLog, replayTrace } from '../../../core/conformance';
import { graph, trace } from './graph-builder';

/**
 * Sequence S → A → B → C → E. Net: source –S(τ)→ p1 –A→ p2 –B→ p3 –C→ p4 –E(τ)→ sink.
 * The shortest complete model run has 3 visible steps, so an alignment's worst cost is |trace| + 3.
 */
const sequence = graph(
  [
    ['S', 'StartEvent'],
    ['A', 'Task'],
    ['B', 'Task'],
    ['C', 'Task'],
    ['E', 'EndEvent'],
  ],
  ['S->A', 'A->B', 'B->C', 'C->E'],
);

/** S → A → X(xor) → B | C → J(xor) → D → E. Shortest visible run: A, B, D (3). */
const choice = graph(
  [
    ['S', 'StartEvent'],
    ['A', 'Task'],
    ['X', 'ExclusiveGateway'],
    ['B', 'Task'],
    ['C', 'Task'],
    ['J', 'ExclusiveGateway'],
    ['D', 'Task'],
    ['E', 'EndEvent'],
  ],
  ['S->A', 'A->X', 'X->B', 'X->C', 'B->J', 'C->J', 'J->D', 'D->E'],
);

/** S → P(and) → B ‖ C → Q(and) → D → E. */
const parallel = graph(
  [
    ['S', 'StartEvent'],
    ['P', 'ParallelGateway'],
    ['B', 'Task'],
    ['C', 'Task'],
    ['Q', 'ParallelGateway'],
    ['D', 'Task'],
    ['E', 'EndEvent'],
  ],
  ['S->P', 'P->B', 'P->C', 'B->Q', 'C->Q', 'Q->D', 'D->E'],
);

/** S → I(or) → A and/or B → K(or) → C → E. */
const inclusive = graph(
  [
    ['S', 'StartEvent'],
    ['I', 'InclusiveGateway'],
    ['A', 'Task'],
    ['B', 'Task'],
    ['K', 'InclusiveGateway'],
    ['C', 'Task'],
    ['E', 'EndEvent'],
  ],
  ['S->I', 'I->A', 'I->B', 'A->K', 'B->K', 'K->C', 'C->E'],
);

/** S → A → X(xor) → B → Y(xor) → back to X, or → E: B may repeat. */
const loop = graph(
  [
    ['S', 'StartEvent'],
    ['A', 'Task'],
    ['X', 'ExclusiveGateway'],
    ['B', 'Task'],
    ['Y', 'ExclusiveGateway'],
    ['E', 'EndEvent'],
  ],
  ['S->A', 'A->X', 'X->B', 'B->Y', 'Y->X', 'Y->E'],
);

/** S → SP[ s → X → Y → e ] → Z → E, the subprocess flattened. */
const nested = graph(
  [
    ['S', 'StartEvent'],
    ['SP', 'SubProcess'],
    ['s', 'StartEvent', { scope: 'SP' }],
    ['X', 'Task', { scope: 'SP' }],
    ['Y', 'Task', { scope: 'SP' }],
    ['e', 'EndEvent', { scope: 'SP' }],
    ['Z', 'Task'],
    ['E', 'EndEvent'],
  ],
  ['S->SP', 's->X', 'X->Y', 'Y->e', 'SP->Z', 'Z->E'],
);

describe('token-based replay fitness', () => {
  const net = bpmnToPetriNet(sequence);

  it('when the trace follows the sequence, then p = c = 6, m = r = 0 and fitness 1', () => {
    // p: 1 initial + S,A,B,C,E each produce 1 = 6; c: S,A,B,C,E each consume 1 + final 1 = 6.
    const r = replayTrace(net, trace('1', 'A', 'B', 'C'));
    expect(r).toMatchObject({ produced: 6, consumed: 6, missing: 0, remaining: 0, fitness: 1, isFit: true });
  });

  it('when B is skipped, then m = r = 1, p = c = 5 and fitness 0.8', () => {
    // initial p=1; S c1 p2; A c2 p3 (token in p2); C not enabled and no silent path: missing p3 (m=1), c3 p4;
    // end: E(τ) c4 p5; final consumed c5; p2 keeps its token: r=1. f = ½(1−1/5) + ½(1−1/5) = 0.8.
    const r = replayTrace(net, trace('2', 'A', 'C'));
    expect(r).toMatchObject({ produced: 5, consumed: 5, missing: 1, remaining: 1 });
    expect(r.fitness).toBeCloseTo(0.8, 12);
    expect(r.isFit).toBe(false);
  });

  it('when replaying the log of both traces, then log fitness is ½(1−1/11) + ½(1−1/11) = 10/11', () => {
    const r = replayLog(net, [trace('1', 'A', 'B', 'C'), trace('2', 'A', 'C')]);
    expect(r.logFitness).toBeCloseTo(10 / 11, 12);
    expect(r.averageTraceFitness).toBeCloseTo(0.9, 12);
    expect(r.fittingTraceShare).toBe(0.5);
  });

  it('when an XOR branch is done and the other also happens, then m = r = 1 of p = c = 10: fitness 0.9', () => {
    // S c1p2; A c2p3; silent X→B c3p4; B c4p5; C: no silent path to its place → m=1, c5p6;
    // D: silent J-merge(B) and J-out c7p8; D c8p9; end: E(τ) c9p10; final c10; C's token left: r=1.
    const r = replayTrace(bpmnToPetriNet(choice), trace('3', 'A', 'B', 'C', 'D'));
    expect(r).toMatchObject({ produced: 10, consumed: 10, missing: 1, remaining: 1 });
    expect(r.fitness).toBeCloseTo(0.9, 12);
  });

  it('when an activity is not in the model, then it is not replayed and, as in PM4Py by default, the trace still fits', () => {
    const r = replayTrace(net, trace('4', 'A', 'Q', 'B', 'C'));
    expect(r.fitness).toBe(1);
    expect(r.isFit).toBe(true);
    expect(r.activitiesNotInModel).toEqual(['Q']);
    expect(replayTrace(net, trace('4', 'A', 'Q', 'B', 'C'), { considerActivitiesNotInModel: true }).isFit).toBe(false);
  });

  it.each([
    ['parallel in order', parallel, ['B', 'C', 'D']],
    ['parallel interleaved', parallel, ['C', 'B', 'D']],
    ['inclusive single branch', inclusive, ['B', 'C']],
    ['loop once', loop, ['A', 'B']],
    ['loop three times', loop, ['A', 'B', 'B', 'B']],
    ['embedded subprocess', nested, ['X', 'Y', 'Z']],
  ])('when the trace fits (%s), then fitness 1', (_name, model, acts) => {
    const r = replayTrace(bpmnToPetriNet(model), trace('t', ...acts));
    expect(r).toMatchObject({ missing: 0, remaining: 0, fitness: 1, isFit: true });
  });
});

describe('alignment-based fitness', () => {
  const net = bpmnToPetriNet(sequence);

  it('when B is skipped, then cost 1 of worst 2 + 3 = 5: fitness 0.8 (equal to token replay here)', () => {
    const a = alignTrace(net, trace('2', 'A', 'C'));
    expect(a).toMatchObject({ verdict: 'ok', cost: 1, worstCost: 5 });
    expect(a.fitness).toBeCloseTo(0.8, 12);
  });

  it('when an unknown step is inserted, then one log move: 1 − 1/(4 + 3) = 6/7', () => {
    const a = alignTrace(net, trace('4', 'A', 'Q', 'B', 'C'));
    expect(a.cost).toBe(1);
    expect(a.fitness).toBeCloseTo(6 / 7, 12);
  });

  it('when both XOR branches happen, then one deviation of worst 4 + 3: 6/7', () => {
    const a = alignTrace(bpmnToPetriNet(choice), trace('3', 'A', 'B', 'C', 'D'));
    expect(a.cost).toBe(1);
    expect(a.fitness).toBeCloseTo(6 / 7, 12);
  });

  it('when the log is aligned, then log fitness is PM4Py’s 1 − Σ internal cost / Σ internal worst cost', () => {
    // Internal costs count 10 000 per deviation and 1 per silent move. Model-only run: S, A, B, C, E =
    // 3·10 000 + 2 = 30 002. Trace 1 <A,B,C>: cost 2 (S, E silent), worst 3·10 000 + 30 002 = 60 002.
    // Trace 2 <A,C>: cost 10 002 (model move B + S, E), worst 2·10 000 + 30 002 = 50 002.
    // 1 − 10 004 / 110 004.
    const r = alignLog(net, [trace('1', 'A', 'B', 'C'), trace('2', 'A', 'C')]);
    expect(r.traces.map((t) => [t.internalCost, t.internalWorstCost])).toEqual([
      [2, 60_002],
      [10_002, 50_002],
    ]);
    expect(r.logFitness).toBeCloseTo(1 - 10_004 / 110_004, 12);
    expect(r.averageTraceFitness).toBeCloseTo(0.9, 12);
    expect(r.fittingTraceShare).toBe(0.5);
  });

  it.each([
    ['sequence', sequence, ['A', 'B', 'C']],
    ['xor', choice, ['A', 'C', 'D']],
    ['parallel', parallel, ['C', 'B', 'D']],
    ['inclusive one branch', inclusive, ['A', 'C']],
    ['inclusive both branches', inclusive, ['B', 'A', 'C']],
    ['loop', loop, ['A', 'B', 'B']],
    ['subprocess', nested, ['X', 'Y', 'Z']],
  ])(
    'when a trace fits perfectly (%s), then alignment fitness and token-replay fitness are both 1',
    (_n, model, acts) => {
      const n = bpmnToPetriNet(model);
      const t = trace('fit', ...acts);
      expect(alignTrace(n, t).fitness).toBe(1);
      if (_n !== 'inclusive both branches') expect(replayTrace(n, t).fitness).toBe(1);
    },
  );

  it('when the state budget is too small, then the verdict is too-large', () => {
    const a = alignTrace(bpmnToPetriNet(parallel), trace('big', 'D', 'C', 'B', 'D', 'C', 'B'), { maxStates: 5 });
    expect(a.verdict).toBe('too-large');
    expect(a.fitness).toBeUndefined();
  });

  it('when the empty trace is aligned, then fitness 0 (all model moves)', () => {
    expect(alignTrace(net, trace('empty')).fitness).toBe(0);
  });
});
