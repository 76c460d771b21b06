/**
 * The only way user-written logic runs: FEEL through @bpmn-io/feelin, a pure interpreter (no
 * eval, Function or vm). Deterministic as long as the expression does not call now()/today(),
 * and free of Node built-ins so that the Temporal workflow sandbox can load it.
 */
import { evaluate as feelEvaluate } from '@bpmn-io/feelin';
import { cycleDelays, durationToMs, parseCycle, parseDateTime, TimerValueError } from './iso8601';
import type { TimerDefinition } from '../bpmn/graph';

/** Thrown when an expression does not parse, fails to evaluate or yields the wrong type; names the expression. */
export class ExpressionError extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(`${message} (expression: ${expression})`);
    this.name = 'ExpressionError';
  }
}

/** Strips the leading '=' that Camunda/Zeebe modelers write before FEEL expressions. */
export function stripFeelMarker(expr: string): string {
  const t = expr.trim();
  return t.startsWith('=') ? t.slice(1).trim() : t;
}

interface Temporal {
  toISO(): string | null;
}
function isTemporal(v: unknown): v is Temporal {
  return typeof v === 'object' && v !== null && typeof (v as { toISO?: unknown }).toISO === 'function';
}

/** Turns feelin results (luxon dates and durations, ranges) into plain JSON values. */
export function toPlain(value: unknown): unknown {
  if (value === undefined) return null;
  if (isTemporal(value)) return value.toISO();
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'function') return null;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toPlain(v);
    return out;
  }
  return value;
}

/** Evaluates a FEEL expression against variables; returns a plain JSON value. */
export function evaluateExpression(expr: string, vars: Record<string, unknown>): unknown {
  const source = stripFeelMarker(expr);
  if (!source) throw new ExpressionError(expr, 'empty expression');
  let result: { value: unknown };
  try {
    result = feelEvaluate(source, vars);
  } catch (err) {
    throw new ExpressionError(expr, `cannot evaluate: ${err instanceof Error ? err.message : String(err)}`);
  }
  return toPlain(result.value);
}

/** Evaluates a condition; null (e.g. a missing variable) counts as false, any other non-boolean is an error. */
export function evaluateCondition(expr: string, vars: Record<string, unknown>): boolean {
  const v = evaluateExpression(expr, vars);
  if (v === null) return false;
  if (typeof v !== 'boolean') throw new ExpressionError(expr, `condition yielded ${typeof v}, not a boolean`);
  return v;
}

/** An ISO literal is used as is; anything else is a FEEL expression that must yield one. */
export function timerText(expr: string, vars: Record<string, unknown>): string {
  const t = stripFeelMarker(expr);
  if (/^(P|R\d*\/|\d{4}-\d{2}-\d{2})/.test(t) && !expr.trim().startsWith('=')) return t;
  const v = evaluateExpression(t, vars);
  if (typeof v !== 'string') throw new ExpressionError(expr, 'timer expression did not yield an ISO 8601 string');
  return v;
}

/**
 * Delays in ms from `now` (epoch ms) at which a timer fires: one delay for durations and dates,
 * several for cycles (capped at `maxFirings`).
 */
export function timerDelays(def: TimerDefinition, vars: Record<string, unknown>, now: number, maxFirings = 1000): number[] {
  try {
    const text = timerText(def.expression, vars);
    if (def.kind === 'duration') return [durationToMs(text, now)];
    if (def.kind === 'date') return [Math.max(0, parseDateTime(text) - now)];
    return cycleDelays(parseCycle(text, now), now, maxFirings);
  } catch (err) {
    if (err instanceof TimerValueError) throw new ExpressionError(def.expression, err.message);
    throw err;
  }
}

export { durationToMs, parseCycle, parseDateTime, parseDuration, cycleDelays, TimerValueError } from './iso8601';

/** A plain value as text (objects and lists as JSON), e.g. for correlation keys and assignees. */
export function valueToText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v.toString();
  if (v instanceof Error) return v.message;
  return JSON.stringify(v) ?? '';
}
