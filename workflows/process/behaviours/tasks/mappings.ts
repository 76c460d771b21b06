/** Input/output mappings: each `target` receives the FEEL value of `source`. */
import type { Mapping } from '../../../../core/bpmn/graph';
import { valueToText } from '../../../../core/expression/feel';
import type { Engine } from '../../engine';

export function applyMappings(engine: Engine, mappings: Mapping[], vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of mappings) out[m.target] = engine.expression(m.source, { ...vars, ...out });
  return out;
}

/** A literal unless written as a FEEL expression with a leading '='. */
export function literalOrExpression(engine: Engine, value: string | undefined, vars: Record<string, unknown>): string | undefined {
  if (value === undefined) return undefined;
  if (!value.trim().startsWith('=')) return value;
  const v = engine.expression(value, vars);
  return v === null || v === undefined ? undefined  : valueToText(v);
}
