/**
 * Classification as a FEEL decision: the first rule whose condition holds over the intake
 * variables gives kind, business category and priority; an agent's explicit choice overrides
 * any field of the decision.
 */
import { evaluateCondition } from '../expression/feel';
import { CONTACT_KINDS, PRIORITIES, type ComplaintPolicy, type ContactKind, type Priority } from './types';

export interface Classification {
  kind: ContactKind;
  category: string;
  priority: Priority;
  department: string;
  /** Index of the rule that matched, or -1 for the fallback. */
  rule: number;
  overridden: boolean;
}

export interface ClassificationOverride {
  kind?: string;
  category?: string;
  priority?: string;
}

/** Thrown when an override names an unknown kind or priority. */
export class ClassificationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ClassificationError';
  }
}

/** The department owning a category (`*` is the fallback). */
export function departmentOf(policy: ComplaintPolicy, category: string): string {
  return policy.departments[category] ?? policy.departments['*'] ?? 'customer-service';
}

export function classify(policy: ComplaintPolicy, vars: Record<string, unknown>, override: ClassificationOverride = {}): Classification {
  let decided = { ...policy.fallback, rule: -1 };
  for (let i = 0; i < policy.rules.length; i++) {
    const r = policy.rules[i];
    if (evaluateCondition(r.when, vars)) {
      decided = { kind: r.kind, category: r.category, priority: r.priority, rule: i };
      break;
    }
  }
  if (override.kind !== undefined && !(CONTACT_KINDS as readonly string[]).includes(override.kind)) {
    throw new ClassificationError('kind', `unknown kind '${override.kind}'`);
  }
  if (override.priority !== undefined && !(PRIORITIES as readonly string[]).includes(override.priority)) {
    throw new ClassificationError('priority', `unknown priority '${override.priority}'`);
  }
  const kind = (override.kind as ContactKind | undefined) ?? decided.kind;
  const category = override.category ?? decided.category;
  const priority = (override.priority as Priority | undefined) ?? decided.priority;
  const overridden = override.kind !== undefined || override.category !== undefined || override.priority !== undefined;
  return { kind, category, priority, department: departmentOf(policy, category), rule: decided.rule, overridden };
}
