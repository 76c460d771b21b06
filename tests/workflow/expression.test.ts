/** The FEEL wrapper and ISO 8601 timer values (pure code, used inside the workflow sandbox). */
import {
  durationToMs,
  evaluateCondition,
  evaluateExpression,
  ExpressionError,
  parseCycle,
  parseDateTime,
  timerDelays,
} from '../../core/expression/feel';

describe('evaluateExpression', () => {
  it('when given arithmetic, paths and a leading "=", then it returns plain values', () => {
    expect(evaluateExpression('= a.b * 2', { a: { b: 21 } })).toBe(42);
    expect(evaluateExpression('duration("PT5M")', {})).toBe('PT5M');
    expect(evaluateExpression('[1,2,3][item > 1]', {})).toEqual([2, 3]);
  });
  it('when the expression does not parse, then an ExpressionError names it', () => {
    expect(() => evaluateExpression('a +', {})).toThrow(ExpressionError);
    expect(() => evaluateExpression('a +', {})).toThrow(/expression: a \+/);
  });
});

describe('evaluateCondition', () => {
  it('when a variable is missing, then the condition is false; when it is not boolean, then it throws', () => {
    expect(evaluateCondition('missing > 3', {})).toBe(false);
    expect(evaluateCondition('x > 3', { x: 4 })).toBe(true);
    expect(() => evaluateCondition('x + 1', { x: 1 })).toThrow(/not a boolean/);
  });
});

describe('ISO 8601 timers', () => {
  const now = Date.parse('2026-01-31T10:00:00Z');
  it('when given durations, then milliseconds are exact (months on the calendar from now)', () => {
    expect(durationToMs('PT1H30M')).toBe(5_400_000);
    expect(durationToMs('P1W')).toBe(7 * 86_400_000);
    expect(durationToMs('PT0.5S')).toBe(500);
    expect(durationToMs('P1M', Date.parse('2026-02-01T00:00:00Z'))).toBe(28 * 86_400_000);
    expect(() => durationToMs('5 minutes')).toThrow(/not an ISO 8601 duration/);
  });
  it('when given dates and cycles, then they parse', () => {
    expect(parseDateTime('2026-01-31T12:00:00Z') - now).toBe(7_200_000);
    expect(parseCycle('R3/PT10M')).toEqual({ repetitions: 3, intervalMs: 600_000 });
    expect(parseCycle('R/2026-01-31T09:00:00Z/PT1H')).toMatchObject({ start: Date.parse('2026-01-31T09:00:00Z'), intervalMs: 3_600_000 });
  });
  it('when a timer is evaluated, then delays come from "now" and the definition kind', () => {
    expect(timerDelays({ kind: 'duration', expression: 'PT5M' }, {}, now)).toEqual([300_000]);
    expect(timerDelays({ kind: 'date', expression: '2026-01-31T10:01:00Z' }, {}, now)).toEqual([60_000]);
    expect(timerDelays({ kind: 'date', expression: '2020-01-01T00:00:00Z' }, {}, now)).toEqual([0]);
    expect(timerDelays({ kind: 'cycle', expression: 'R3/PT1M' }, {}, now)).toEqual([60_000, 120_000, 180_000]);
    expect(timerDelays({ kind: 'duration', expression: '=wait' }, { wait: 'PT2S' }, now)).toEqual([2000]);
    expect(() => timerDelays({ kind: 'duration', expression: '=wait' }, { wait: 3 }, now)).toThrow(ExpressionError);
  });
});
